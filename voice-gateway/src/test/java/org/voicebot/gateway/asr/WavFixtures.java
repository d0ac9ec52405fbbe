package org.voicebot.gateway.asr;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test fixtures in src/test/resources/asr: 8 kHz 16-bit mono WAVs listed in TSV files (file, text, voice). */
public final class WavFixtures {
    public record Fixture(String file, String text, String voice) {
        public short[] samples() {
            return readPcm8k("/asr/" + file);
        }
    }

    private WavFixtures() {
    }

    public static List<Fixture> list(String tsv) {
        List<Fixture> out = new ArrayList<>();
        try (InputStream in = open("/asr/" + tsv);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.equals("file\ttext\tvoice")) {
                throw new IllegalStateException(tsv + ": unexpected header " + header);
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Fixture(f[0], f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Reads a WAV resource that must be 8 kHz, signed 16-bit, mono. */
    public static short[] readPcm8k(String resource) {
        try (AudioInputStream ais = AudioSystem.getAudioInputStream(new BufferedInputStream(open(resource)))) {
            AudioFormat f = ais.getFormat();
            if (f.getSampleRate() != 8000f || f.getSampleSizeInBits() != 16 || f.getChannels() != 1
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IllegalStateException(resource + ": expected 8 kHz 16-bit signed mono, got " + f);
            }
            byte[] bytes = ais.readAllBytes();
            short[] pcm = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer().get(pcm);
            return pcm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = WavFixtures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }
}
