package org.voicebot.gateway.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmTest {

    @TempDir
    Path dir;

    @Test
    void littleEndianRoundTripAndByteOrder() {
        short[] s = {0, 1, -1, 0x1234, Short.MIN_VALUE, Short.MAX_VALUE};
        byte[] b = Pcm.toLittleEndian(s);
        assertThat(b).hasSize(12);
        assertThat(b[6]).isEqualTo((byte) 0x34);
        assertThat(b[7]).isEqualTo((byte) 0x12);
        assertThat(b[4]).isEqualTo((byte) 0xff);
        byte[] padded = new byte[b.length + 3];
        System.arraycopy(b, 0, padded, 1, b.length);
        assertThat(Pcm.fromLittleEndian(padded, 1, b.length)).containsExactly(s);
        assertThatThrownBy(() -> Pcm.fromLittleEndian(b, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pcm.fromLittleEndian(b, 2, 12)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void wavHeaderIsCanonical44Bytes() {
        short[] s = Signals.sine(440, 8000, 0.25, 0.3);
        byte[] wav = Pcm.wavBytes(s, 8000);
        assertThat(wav).hasSize(44 + s.length * 2);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 8)).isEqualTo("WAVEfmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1);
        assertThat(b.getShort(22)).isEqualTo((short) 1);
        assertThat(b.getInt(24)).isEqualTo(8000);
        assertThat(b.getInt(28)).isEqualTo(16000);
        assertThat(b.getShort(32)).isEqualTo((short) 2);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4)).isEqualTo("data");
        assertThat(b.getInt(40)).isEqualTo(s.length * 2);
        assertThat(Pcm.fromLittleEndian(wav, 44, s.length * 2)).containsExactly(s);
    }

    @Test
    void wavFileRoundTrip() throws IOException {
        short[] s = Signals.sine(1000, 16000, 0.5, 0.7);
        s[0] = Short.MIN_VALUE;
        s[1] = Short.MAX_VALUE;
        Path f = dir.resolve("t.wav");
        Pcm.writeWav(f, s, 16000);
        Pcm.Audio a = Pcm.readWav(f);
        assertThat(a.sampleRate()).isEqualTo(16000);
        assertThat(a.samples()).containsExactly(s);
        assertThat(a.seconds()).isCloseTo(0.5, within(1e-9));
        // also readable by javax.sound as standard PCM
        assertThat(Pcm.readWav(Files.readAllBytes(f)).samples()).containsExactly(s);
    }

    @Test
    void readsStereoAsMonoAverage() throws Exception {
        AudioFormat fmt = new AudioFormat(22050, 16, 2, true, false);
        short[] left = {1000, -2000, 3000, 32767};
        short[] right = {3000, -4000, -3000, 32767};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            b.putShort(left[i]).putShort(right[i]);
        }
        Path f = write(fmt, b.array(), 4);
        Pcm.Audio a = Pcm.readWav(f);
        assertThat(a.sampleRate()).isEqualTo(22050);
        assertThat(a.samples()).containsExactly(2000, -3000, 0, 32767);
    }

    @Test
    void readsUnsigned8Bit() throws Exception {
        AudioFormat fmt = new AudioFormat(11025, 8, 1, false, false);
        byte[] data = {(byte) 128, (byte) 255, 0, (byte) 192};
        Pcm.Audio a = Pcm.readWav(write(fmt, data, 4));
        assertThat(a.sampleRate()).isEqualTo(11025);
        assertThat(a.samples()).containsExactly(0, 127 << 8, -32768, 64 << 8);
    }

    @Test
    void rejectsNonAudio() throws IOException {
        Path f = dir.resolve("x.wav");
        Files.writeString(f, "not a wav file at all, just text");
        assertThatThrownBy(() -> Pcm.readWav(f)).isInstanceOf(IOException.class).hasMessageContaining("x.wav");
    }

    private Path write(AudioFormat fmt, byte[] data, int frames) throws IOException {
        Path f = dir.resolve("in-" + System.nanoTime() + ".wav");
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), fmt, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, f.toFile());
        }
        return f;
    }

    @Test
    void levels() {
        short[] fullSquare = new short[800];
        for (int i = 0; i < fullSquare.length; i++) {
            fullSquare[i] = (short) (i % 2 == 0 ? 32767 : -32767);
        }
        assertThat(Pcm.rmsDbfs(fullSquare)).isCloseTo(0.0, within(0.01));
        short[] sine = Signals.sine(1000, 8000, 1.0, 0.5);
        assertThat(Pcm.rmsDbfs(sine)).isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)), within(0.02));
        assertThat(Pcm.peakDbfs(sine)).isCloseTo(20 * Math.log10(0.5), within(0.01));
        assertThat(Pcm.rmsDbfs(new short[100])).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Pcm.peakDbfs(new short[0])).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Pcm.peakDbfs(new short[] {Short.MIN_VALUE})).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void clipRoundsAndStopsAtFullScaleInsteadOfWrappingRound() {
        assertThat(Pcm.clip(1.5)).isEqualTo((short) 2);
        assertThat(Pcm.clip(-1.5)).isEqualTo((short) -1);
        assertThat(Pcm.clip(40000)).isEqualTo(Short.MAX_VALUE);
        assertThat(Pcm.clip(-40000)).isEqualTo(Short.MIN_VALUE);
        assertThat(Pcm.scale(new short[] {1000, -20000, 30000}, 2.0))
                .containsExactly((short) 2000, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
