package org.voicebot.gateway.asr.sphinx;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.tts.Pcm;

/**
 * Measures {@link ChannelCmn#TELEPHONE_PRIOR}: the plain mean cepstrum of Asterisk's human prompts
 * (Debian's asterisk-core-sounds-en-wav, 8 kHz), each cut as the endpointer would cut it and levelled as
 * the recognizer levels it. Not a test: run it by hand when the front end changes, and paste the line it prints:
 * {@code mvn -o -q -pl voice-gateway -Dtest=CmnPriorMeasurement -Dcmn.measure=true test}
 */
@EnabledIfSystemProperty(named = "cmn.measure", matches = "true")
class CmnPriorMeasurement {
    private static final Path SOUNDS = Path.of(System.getProperty("cmn.sounds", "/usr/share/asterisk/sounds/en"));
    /** As the endpointer: pre-roll before the first active frame, post-roll after the last. */
    private static final int PRE_ROLL = 300 * 8;
    private static final int POST_ROLL = 200 * 8;

    @Test
    void printTelephonePrior() throws Exception {
        List<Path> prompts;
        try (Stream<Path> s = Files.list(SOUNDS)) {
            prompts = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        ChannelCmn.Channel all = new ChannelCmn.Channel(new double[ChannelCmn.TELEPHONE_PRIOR.length], 1e-9, Double.MAX_VALUE);
        SphinxRecognizer recognizer = SphinxRecognizer.create(DomainPhrases.all(), 1);
        try {
            SphinxDecoder decoder = recognizer.tryLend();
            int used = 0;
            for (Path p : prompts) {
                short[] pcm = cut(Pcm.readWav(p).samples()); // the prompts are 8 kHz
                if (pcm.length < 8000 / 2) {
                    continue;
                }
                byte[] bytes = Pcm.toLittleEndian(SphinxRecognizer.prepare(pcm));
                decoder.decodeStream(new ByteArrayInputStream(bytes), null, Listening.ANYTHING, all);
                used++;
            }
            StringBuilder line = new StringBuilder();
            for (double m : all.mean()) {
                line.append(line.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", m));
            }
            System.out.printf(Locale.ROOT, "TELEPHONE_PRIOR over %d prompts, %.0f frames: {%s}%n", used, all.frames(), line);
            recognizer.giveBack(decoder);
        } finally {
            recognizer.close();
        }
    }

    /** The prompt from {@link #PRE_ROLL} before its first frame above -55 dBFS to {@link #POST_ROLL} after its last. */
    private static short[] cut(short[] pcm) {
        boolean[] speech = SphinxIncrementalRecognizer.speechFrames(pcm, pcm.length);
        int first = -1;
        int last = -1;
        for (int f = 0; f < speech.length; f++) {
            if (speech[f]) {
                first = first < 0 ? f : first;
                last = f;
            }
        }
        if (first < 0) {
            return new short[0];
        }
        int from = Math.max(0, first * 80 - PRE_ROLL);
        int to = Math.min(pcm.length, (last + 1) * 80 + POST_ROLL);
        return java.util.Arrays.copyOfRange(pcm, from, to);
    }
}
