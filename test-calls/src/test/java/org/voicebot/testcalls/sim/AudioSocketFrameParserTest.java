package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AudioSocketFrameParserTest {

    private static List<AudioSocketFrame> sampleFrames() {
        byte[] audio = new byte[320];
        new Random(7).nextBytes(audio);
        return List.of(
                AudioSocketFrame.uuid(UUID.fromString("63d54822-6db6-43bd-8cbb-f5df0f1dd3ee")),
                AudioSocketFrame.audio(audio),
                AudioSocketFrame.dtmf('#'),
                AudioSocketFrame.audio(new byte[24]),
                new AudioSocketFrame(AudioSocketFrame.KIND_ERROR, new byte[] {0x04}),
                new AudioSocketFrame(AudioSocketFrame.KIND_AUDIO, new byte[0]),
                AudioSocketFrame.hangup());
    }

    private static Buffer stream(List<AudioSocketFrame> frames) {
        Buffer b = Buffer.buffer();
        frames.forEach(f -> b.appendBuffer(f.encode()));
        return b;
    }

    private static List<AudioSocketFrame> parse(Buffer whole, int... cuts) {
        List<AudioSocketFrame> out = new ArrayList<>();
        AudioSocketFrameParser p = new AudioSocketFrameParser(out::add);
        int from = 0;
        for (int cut : cuts) {
            p.handle(whole.getBuffer(from, cut));
            from = cut;
        }
        p.handle(whole.getBuffer(from, whole.length()));
        assertThat(p.hasPartialFrame()).isFalse();
        return out;
    }

    @Test
    void uuidFrameHasTheTraceBytes() {
        AudioSocketFrame f = AudioSocketFrame.uuid(UUID.fromString("63d54822-6db6-43bd-8cbb-f5df0f1dd3ee"));
        assertThat(HexFormat.of().formatHex(f.encode().getBytes()))
                .isEqualTo("01001063d548226db643bd8cbbf5df0f1dd3ee"); // trace 03 session 1, raw_first_bytes_hex
        assertThat(f.asUuid()).hasToString("63d54822-6db6-43bd-8cbb-f5df0f1dd3ee");
        assertThat(HexFormat.of().formatHex(AudioSocketFrame.dtmf('9').encode().getBytes())).isEqualTo("03000139");
        assertThat(HexFormat.of().formatHex(AudioSocketFrame.hangup().encode().getBytes())).isEqualTo("000000");
    }

    @Test
    void audioLengthIsBigEndian() {
        byte[] hdr = AudioSocketFrame.audio(new byte[320]).encode().getBytes(0, 3);
        assertThat(HexFormat.of().formatHex(hdr)).isEqualTo("100140");
    }

    @Test
    void splitAtEveryByteBoundaryParsesIdentically() {
        List<AudioSocketFrame> frames = sampleFrames();
        Buffer whole = stream(frames);
        assertThat(parse(whole)).isEqualTo(frames);
        for (int cut = 1; cut < whole.length(); cut++) {
            assertThat(parse(whole, cut)).as("one cut at %d", cut).isEqualTo(frames);
        }
        int[] everyByte = new int[whole.length() - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(parse(whole, everyByte)).isEqualTo(frames);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Integer> cuts = new ArrayList<>();
            for (int pos = 1 + random.nextInt(40); pos < whole.length(); pos += 1 + random.nextInt(400)) {
                cuts.add(pos);
            }
            assertThat(parse(whole, cuts.stream().mapToInt(Integer::intValue).toArray())).isEqualTo(frames);
        }
    }

    @Test
    void incompleteFrameIsHeldBackAndReported() {
        List<AudioSocketFrame> out = new ArrayList<>();
        AudioSocketFrameParser p = new AudioSocketFrameParser(out::add);
        Buffer audio = AudioSocketFrame.audio(new byte[320]).encode();
        p.handle(audio.getBuffer(0, 103)); // trace 03 session 5: header says 320, only 100 bytes follow
        assertThat(out).isEmpty();
        assertThat(p.hasPartialFrame()).isTrue();
        assertThat(p.bufferedBytes()).isEqualTo(103);
        p.handle(audio.getBuffer(103, audio.length()));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).length()).isEqualTo(320);
        assertThat(p.hasPartialFrame()).isFalse();
    }

    @Test
    void stopDiscardsTheRest() {
        List<AudioSocketFrame> out = new ArrayList<>();
        AudioSocketFrameParser[] self = new AudioSocketFrameParser[1];
        self[0] = new AudioSocketFrameParser(f -> {
            out.add(f);
            self[0].stop();
        });
        self[0].handle(stream(sampleFrames()));
        assertThat(out).hasSize(1);
        assertThat(self[0].hasPartialFrame()).isFalse();
    }
}
