package org.voicebot.gateway.tts;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Small helpers for signed 16-bit PCM: byte order conversion, WAV files and levels.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class Pcm {

    /** Length of the canonical RIFF/WAVE header written by {@link #wavBytes(short[], int)}. */
    public static final int WAV_HEADER_BYTES = 44;

    private Pcm() {
    }

    /**
     * Mono 16-bit samples with their sample rate.
     *
     * @param samples    signed 16-bit mono samples (not copied)
     * @param sampleRate samples per second
     */
    public record Audio(short[] samples, int sampleRate) {
        public Audio {
            Objects.requireNonNull(samples, "samples");
            if (sampleRate <= 0) {
                throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
            }
        }

        /** Duration in seconds. */
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    /** Signed 16-bit samples to little-endian bytes (the AudioSocket/slin wire format). */
    public static byte[] toLittleEndian(short[] pcm) {
        byte[] out = new byte[pcm.length * 2];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
        return out;
    }

    /**
     * Little-endian signed 16-bit bytes to samples.
     *
     * @throws IllegalArgumentException if {@code len} is odd or the range is outside the array
     */
    public static short[] fromLittleEndian(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if ((len & 1) != 0) {
            throw new IllegalArgumentException("odd byte count for 16-bit PCM: " + len);
        }
        short[] out = new short[len / 2];
        ByteBuffer.wrap(bytes, off, len).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    /** A complete WAV file (44-byte RIFF header, PCM, 16-bit, mono) as bytes. */
    public static byte[] wavBytes(short[] pcm, int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        int dataBytes = pcm.length * 2;
        ByteBuffer b = ByteBuffer.allocate(WAV_HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'});
        b.putInt(36 + dataBytes);
        b.put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '});
        b.putInt(16);               // fmt chunk size
        b.putShort((short) 1);      // PCM
        b.putShort((short) 1);      // mono
        b.putInt(rate);
        b.putInt(rate * 2);         // byte rate
        b.putShort((short) 2);      // block align
        b.putShort((short) 16);     // bits per sample
        b.put(new byte[] {'d', 'a', 't', 'a'});
        b.putInt(dataBytes);
        b.asShortBuffer().put(pcm);
        return b.array();
    }

    /** Writes a 16-bit mono PCM WAV file (parent directories must exist). */
    public static void writeWav(Path file, short[] pcm, int rate) throws IOException {
        Files.write(file, wavBytes(pcm, rate));
    }

    /**
     * Reads any integer-PCM WAV (or other format javax.sound reads): 8/16/24/32-bit, signed or
     * unsigned, either byte order, any channel count. Channels are averaged to mono; samples are
     * returned as signed 16-bit at the file's own rate (use {@link AntiAliasDecimator#resampleTo8k}
     * to get telephone rate).
     */
    public static Audio readWav(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            return readStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a readable audio file: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Same as {@link #readWav(Path)} for WAV bytes in memory. */
    public static Audio readWav(byte[] wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new java.io.ByteArrayInputStream(wav))) {
            return readStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not readable audio (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads an {@link AudioInputStream} fully (in a loop: some streams, MaryTTS's among them,
     * deliver short reads) and converts it to mono signed 16-bit. Does not close the stream.
     */
    public static Audio readStream(AudioInputStream in) throws IOException {
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding enc = f.getEncoding();
        boolean signed;
        if (AudioFormat.Encoding.PCM_SIGNED.equals(enc)) {
            signed = true;
        } else if (AudioFormat.Encoding.PCM_UNSIGNED.equals(enc)) {
            signed = false;
        } else {
            throw new IOException("unsupported encoding " + enc + " (only integer PCM)");
        }
        int bits = f.getSampleSizeInBits();
        int channels = f.getChannels();
        if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            throw new IOException("unsupported sample size " + bits + " bits");
        }
        if (channels < 1) {
            throw new IOException("unsupported channel count " + channels);
        }
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        byte[] data = readFully(in);
        int frames = data.length / frameSize;
        boolean big = f.isBigEndian();
        short[] out = new short[frames];
        int p = 0;
        for (int i = 0; i < frames; i++) {
            long sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sampleAs16(data, p, bytesPerSample, signed, big);
                p += bytesPerSample;
            }
            out[i] = (short) Math.round(sum / (double) channels);
        }
        int rate = Math.round(f.getSampleRate());
        return new Audio(out, rate);
    }

    private static int sampleAs16(byte[] d, int p, int bytes, boolean signed, boolean big) {
        if (bytes == 1) {
            int v = d[p] & 0xff;
            return signed ? ((byte) v) << 8 : (v - 128) << 8;
        }
        // take the two most significant bytes; the rest is below 16-bit resolution
        int msb = big ? d[p] : d[p + bytes - 1];
        int next = big ? d[p + 1] : d[p + bytes - 2];
        int v = ((msb & 0xff) << 8) | (next & 0xff);
        if (signed) {
            return (short) v;
        }
        return v - 32768;
    }

    private static byte[] readFully(InputStream in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            bos.write(buf, 0, n);
        }
        return bos.toByteArray();
    }

    /** RMS level in dBFS (a full-scale square wave is 0 dBFS); {@code -Infinity} for silence or no samples. */
    /** {@code v} rounded to the nearest 16-bit sample, clipped at full scale (not wrapped round). */
    public static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    /** A copy of {@code pcm} multiplied by {@code gain} (linear), clipped at full scale. */
    public static short[] scale(short[] pcm, double gain) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = clip(pcm[i] * gain);
        }
        return out;
    }

    public static double rmsDbfs(short[] pcm) {
        return rmsDbfs(pcm, 0, pcm.length);
    }

    /** RMS level in dBFS of {@code pcm[from, to)}. */
    public static double rmsDbfs(short[] pcm, int from, int to) {
        Objects.checkFromToIndex(from, to, pcm.length);
        if (to == from) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            double s = pcm[i];
            sum += s * s;
        }
        double rms = Math.sqrt(sum / (to - from));
        return rms == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / 32768.0);
    }

    /** Peak level in dBFS; {@code -Infinity} for silence or no samples. */
    public static double peakDbfs(short[] pcm) {
        int peak = 0;
        for (short s : pcm) {
            int a = Math.abs((int) s);
            if (a > peak) {
                peak = a;
            }
        }
        return peak == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(peak / 32768.0);
    }
}
