package org.voicebot.testcalls.sim;

import java.util.List;

/**
 * What Queue's announceoverride (4th argument) did when the agent answered: the media cache fetched the URL
 * (Asterisk 22.10.1 sent two GETs, trace 07) and the file was played to the agent, or not.
 *
 * @param played  false when every fetch failed or the URL is shorter than 22 characters (Asterisk issue 444)
 * @param failure why it was not played, or null
 */
public record AgentAnnouncement(String url, List<Fetch> fetches, boolean played, String failure) {

    /**
     * One HTTP GET: status 0 when the connection failed ({@code error} says why). {@code rmsDbfs}: the level of
     * the body's samples when it is a 16-bit PCM WAV (what the agent would hear), else negative infinity.
     */
    public record Fetch(int status, String contentType, int bytes, String error, double rmsDbfs) {

        public Fetch(int status, String contentType, int bytes, String error) {
            this(status, contentType, bytes, error, Double.NEGATIVE_INFINITY);
        }

        /** The level of a RIFF/WAVE 16-bit PCM body's samples in dBFS; negative infinity for anything else. */
        public static double wavRmsDbfs(byte[] b) {
            if (b.length < 12 || !new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                    || !new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WAVE")) {
                return Double.NEGATIVE_INFINITY;
            }
            int pos = 12;
            int bits = 0;
            while (pos + 8 <= b.length) {
                String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
                int len = (b[pos + 4] & 0xff) | (b[pos + 5] & 0xff) << 8 | (b[pos + 6] & 0xff) << 16 | (b[pos + 7] & 0xff) << 24;
                int body = pos + 8;
                if (id.equals("fmt ") && body + 16 <= b.length) {
                    bits = (b[body + 14] & 0xff) | (b[body + 15] & 0xff) << 8;
                } else if (id.equals("data") && bits == 16) {
                    int end = Math.min(b.length, body + Math.max(0, len));
                    double sum = 0;
                    int n = 0;
                    for (int i = body; i + 1 < end; i += 2) {
                        double v = (short) ((b[i] & 0xff) | b[i + 1] << 8);
                        sum += v * v;
                        n++;
                    }
                    return n == 0 || sum == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(Math.sqrt(sum / n) / 32768.0);
                }
                pos = body + Math.max(0, len) + (len & 1);
            }
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** Played, and loud enough to be words: the agent heard a briefing, not a silent file. */
    public boolean heard() {
        return played && !fetches.isEmpty() && fetches.get(fetches.size() - 1).rmsDbfs() > -40;
    }

    public AgentAnnouncement {
        fetches = List.copyOf(fetches);
    }
}
