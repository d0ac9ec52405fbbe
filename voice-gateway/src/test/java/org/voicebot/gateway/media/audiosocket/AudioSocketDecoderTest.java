package org.voicebot.gateway.media.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AudioSocketDecoderTest {

  /** The first bytes Asterisk 22.10.1 sent in trace 03, session 1: UUID frame, then a 24-byte audio frame. */
  private static final String TRACE_START = "01001063d548226db643bd8cbbf5df0f1dd3ee"
      + "100018" + "000000000000000000000000000000000000000000000000";

  @Test
  void decodesTheTraceBytes() {
    AudioSocketDecoder d = new AudioSocketDecoder(4096);
    var r = d.feed(HexFormat.of().parseHex(TRACE_START));
    assertThat(r.failed()).isFalse();
    assertThat(r.frames()).hasSize(2);
    assertThat(((AudioSocketFrame.Uuid) r.frames().get(0)).uuid())
        .isEqualTo(UUID.fromString("63d54822-6db6-43bd-8cbb-f5df0f1dd3ee"));
    assertThat(((AudioSocketFrame.Audio) r.frames().get(1)).slin()).hasSize(24);
  }

  @Test
  void decodesTraceDtmfFrames() {
    AudioSocketDecoder d = started();
    var r = d.feed(HexFormat.of().parseHex("03000134" + "03000123"));
    assertThat(r.frames()).containsExactly(new AudioSocketFrame.Dtmf('4'), new AudioSocketFrame.Dtmf('#'));
  }

  @Test
  void rejectsWhatAsteriskWouldNot() {
    assertThat(new AudioSocketDecoder(4096).feed(HexFormat.of().parseHex("100002abcd")).error())
        .contains("first frame must be UUID");
    assertThat(started().feed(HexFormat.of().parseHex("05000178")).error()).contains("unknown frame kind 0x05");
    assertThat(started().feed(HexFormat.of().parseHex("10ffff")).error()).contains("exceeds the maximum");
    assertThat(started().feed(HexFormat.of().parseHex("030001ff")).error()).contains("not a keypad digit");
    assertThat(started().feed(HexFormat.of().parseHex("100003aabbcc")).error()).contains("whole 16-bit samples");
  }

  @Test
  void aFailedDecoderStaysFailed() {
    AudioSocketDecoder d = started();
    d.feed(HexFormat.of().parseHex("05000178"));
    var r = d.feed(AudioSocketEncoder.audio(new byte[320]));
    assertThat(r.failed()).isTrue();
    assertThat(r.frames()).isEmpty();
  }

  @Property(tries = 300)
  void framesSplitAnywhereDecodeTheSame(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 400) Integer> lengths,
      @ForAll @IntRange(min = 1, max = 700) int chunk) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    UUID uuid = UUID.randomUUID();
    stream.writeBytes(AudioSocketEncoder.uuid(uuid));
    for (int len : lengths) {
      stream.writeBytes(AudioSocketEncoder.audio(new byte[len - len % 2]));
      stream.writeBytes(AudioSocketEncoder.dtmf('7'));
    }
    byte[] all = stream.toByteArray();
    AudioSocketDecoder d = new AudioSocketDecoder(4096);
    List<AudioSocketFrame> frames = new ArrayList<>();
    for (int i = 0; i < all.length; i += chunk) {
      var r = d.feed(all, i, Math.min(chunk, all.length - i));
      assertThat(r.failed()).isFalse();
      frames.addAll(r.frames());
    }
    assertThat(frames).hasSize(1 + 2 * lengths.size());
    assertThat(frames.get(0)).isEqualTo(new AudioSocketFrame.Uuid(uuid));
    assertThat(d.atFrameBoundary()).isTrue();
  }

  @Property(tries = 1000)
  void randomBytesNeverThrow(@ForAll @Size(max = 2000) byte[] garbage, @ForAll boolean afterUuid) {
    AudioSocketDecoder d = afterUuid ? started() : new AudioSocketDecoder(1024);
    var r = d.feed(garbage);
    // Bad input is a value: either frames, or a failure with a reason, never an exception.
    if (r.failed()) {
      assertThat(r.error()).isNotBlank();
    }
  }

  private static AudioSocketDecoder started() {
    AudioSocketDecoder d = new AudioSocketDecoder(4096);
    assertThat(d.feed(AudioSocketEncoder.uuid(UUID.randomUUID())).frames()).hasSize(1);
    return d;
  }
}
