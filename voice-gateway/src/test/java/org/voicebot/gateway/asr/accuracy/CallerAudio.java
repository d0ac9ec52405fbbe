package org.voicebot.gateway.asr.accuracy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.voicebot.gateway.tts.MaryTtsSynthesizer;
import org.voicebot.gateway.tts.Voice;
import org.voicebot.gateway.tts.Pcm;

/**
 * Caller audio for the accuracy check, made at test time: the simulator's MaryTTS caller voice, espeak-ng
 * voices (when the {@code espeak-ng} and {@code sox} commands exist) and digit strings spliced from
 * Asterisk's human digit recordings (Debian {@code asterisk-core-sounds-en-wav}, when installed). Every
 * utterance is 8 kHz 16-bit mono, set to a given active-speech level, with 300 ms of faint line noise on
 * each side (the endpointer's pre-roll and trailing silence).
 */
final class CallerAudio {
    static final Path ASTERISK_DIGITS = Path.of("/usr/share/asterisk/sounds/en/digits");
    private static final String[] DIGIT_FILES = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private final MaryTtsSynthesizer mary;
    private final boolean espeak;
    private final Random noise = new Random(4);
    /** 8000 (what a phone line carries), or 16000 for the wideband reference. */
    private final int rate;
    private marytts.LocalMaryInterface wideband;

    CallerAudio(MaryTtsSynthesizer mary) {
        this(mary, 8000);
    }

    CallerAudio(MaryTtsSynthesizer mary, int rate) {
        this.mary = mary;
        this.rate = rate;
        this.espeak = commandExists("espeak-ng") && commandExists("sox");
    }

    boolean hasEspeak() {
        return espeak;
    }

    static boolean hasHumanDigits() {
        return Files.isRegularFile(ASTERISK_DIGITS.resolve("1.wav"));
    }

    short[] mary(String text, double levelDbfs) throws Exception {
        if (rate == 8000) {
            return line(mary.synthesize(text, Voice.CALLER), levelDbfs);
        }
        // the wideband reference: Mary's own 16 kHz output, same caller prosody, no telephone conversion
        if (wideband == null) {
            wideband = new marytts.LocalMaryInterface();
            wideband.setVoice(MaryTtsSynthesizer.MARY_VOICE);
            wideband.setInputType("SSML");
        }
        String ssml = "<?xml version=\"1.0\"?><speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\""
                + " xml:lang=\"en-US\"><prosody rate=\"" + Voice.CALLER.ssmlRate() + "\" pitch=\""
                + Voice.CALLER.ssmlPitch() + "\">" + text + "</prosody></speak>";
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(ssml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (AudioInputStream in = wideband.generateAudio(doc)) {
            org.voicebot.gateway.tts.Pcm.Audio a = org.voicebot.gateway.tts.Pcm.readStream(in);
            return line(resample(a.samples(), a.sampleRate()), levelDbfs);
        }
    }

    /** @param voice an espeak-ng voice, e.g. "en-us", "en-us+f3", "en-gb" */
    short[] espeak(String text, String voice, double levelDbfs) throws Exception {
        Path dir = Files.createTempDirectory("accuracy-espeak");
        try {
            Path raw = dir.resolve("raw.wav");
            Path out = dir.resolve("8k.wav");
            run("espeak-ng", "-v", voice, "-s", "150", "-w", raw.toString(), text);
            // -R: sox dithers with a fixed seed, so every run hears the same audio; asr.accuracy.dither=random
            // gives each run its own dither, to see how much the total moves with a barely different rendering
            List<String> sox = new ArrayList<>(List.of("sox"));
            if (!"random".equals(System.getProperty("asr.accuracy.dither"))) {
                sox.add("-R");
            }
            sox.addAll(List.of(raw.toString(), "-r", String.valueOf(rate), "-c", "1", "-b", "16", out.toString()));
            run(sox.toArray(String[]::new));
            return line(readWav(out, rate), levelDbfs);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The digits of {@code text} ("nine oh two one oh") spoken by Asterisk's recorded voice, 120 ms apart. */
    short[] humanDigits(String text, double levelDbfs) throws Exception {
        List<short[]> parts = new ArrayList<>();
        for (String w : text.split(" ")) {
            String file = switch (w) {
                case "oh" -> "oh";
                case "zero" -> "0";
                default -> DIGIT_FILES[digit(w)];
            };
            parts.add(trim(readWav(ASTERISK_DIGITS.resolve(file + ".wav"))));
            parts.add(new short[960]);
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return line(rate == 8000 ? all : resample(all, 8000), levelDbfs);
    }

    /**
     * To this audio's rate, by sox (for the wideband reference: Mary renders at 48 kHz; Asterisk's recordings are
     * 8 kHz and stay band-limited).
     */
    private short[] resample(short[] pcm, int from) throws Exception {
        if (from == rate) {
            return pcm;
        }
        Path dir = Files.createTempDirectory("accuracy-resample");
        Path in = dir.resolve("in.raw");
        Path out = dir.resolve("out.wav");
        try {
            ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(pcm);
            Files.write(in, b.array());
            run("sox", "-t", "raw", "-r", String.valueOf(from), "-e", "signed", "-b", "16", "-c", "1", in.toString(),
                    "-r", String.valueOf(rate), out.toString());
            return readWav(out, rate);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    static boolean isDigitString(String text) {
        for (String w : text.split(" ")) {
            if (!w.equals("oh") && digit(w) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(String w) {
        List<String> names = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        return names.indexOf(w);
    }

    /** Scales active speech (10 ms frames above -45 dBFS before scaling) to {@code levelDbfs} RMS, pads with line noise. */
    private short[] line(short[] speech, double levelDbfs) {
        double sum = 0;
        long n = 0;
        double peak = 0;
        for (short s : speech) {
            peak = Math.max(peak, Math.abs(s));
        }
        double floor = peak * peak * Math.pow(10, -4.0);
        int frame = rate / 100;
        for (int f = 0; f + frame <= speech.length; f += frame) {
            double e = 0;
            for (int i = f; i < f + frame; i++) {
                e += (double) speech[i] * speech[i];
            }
            if (e / frame > floor) {
                sum += e;
                n += frame;
            }
        }
        double rms = Math.sqrt(sum / Math.max(1, n));
        double gain = 32768.0 * Math.pow(10, levelDbfs / 20) / Math.max(1, rms);
        int pad = rate * 3 / 10;
        short[] out = new short[speech.length + 2 * pad];
        double noiseAmp = 32768.0 * Math.pow(10, -62.0 / 20);
        for (int i = 0; i < out.length; i++) {
            double v = noise.nextGaussian() * noiseAmp;
            if (i >= pad && i < pad + speech.length) {
                v += speech[i - pad] * gain;
            }
            out[i] = Pcm.clip(v);
        }
        return out;
    }

    /** Drops leading and trailing silence of a recording (below 2% of its peak), keeping 30 ms. */
    private static short[] trim(short[] pcm) {
        int peak = 1;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        int start = 0;
        while (start < pcm.length && Math.abs(pcm[start]) < peak / 50) {
            start++;
        }
        int end = pcm.length;
        while (end > start && Math.abs(pcm[end - 1]) < peak / 50) {
            end--;
        }
        start = Math.max(0, start - 240);
        end = Math.min(pcm.length, end + 240);
        short[] out = new short[end - start];
        System.arraycopy(pcm, start, out, 0, out.length);
        return out;
    }

    static short[] readWav(Path file) throws Exception {
        return readWav(file, 8000);
    }

    static short[] readWav(Path file, int rate) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             AudioInputStream ais = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = ais.getFormat();
            if (f.getSampleRate() != rate || f.getSampleSizeInBits() != 16 || f.getChannels() != 1) {
                throw new IllegalStateException(file + ": expected " + rate + " Hz 16-bit mono, got " + f);
            }
            byte[] bytes = ais.readAllBytes();
            short[] pcm = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer().get(pcm);
            return pcm;
        }
    }

    private static boolean commandExists(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip().toLowerCase(Locale.ROOT));
        }
    }
}
