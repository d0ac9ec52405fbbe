package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgiRequestDecoderTest {

  @Test
  void decodesTheLocalCallersHeaderFromTrace05() {
    byte[] bytes = TraceBytes.load(TraceBytes.SESSION1_HEADER);
    AgiRequestDecoder.Result r = new AgiRequestDecoder().feed(bytes);

    assertThat(r.failed()).isFalse();
    assertThat(r.consumed()).isEqualTo(bytes.length);
    AgiRequest q = r.request();
    assertThat(q.networkScript()).isEqualTo("voicebot?exten=250");
    assertThat(q.requestUrl()).isEqualTo("agi://127.0.0.1:4573/voicebot?exten=250");
    assertThat(q.script()).isEqualTo("voicebot");
    assertThat(q.params()).containsExactly(entry("exten", "250"));
    assertThat(q.channel()).isEqualTo("Local/250@trace-agi-00000011;2");
    assertThat(q.uniqueId()).isEqualTo("1795949524.46");
    assertThat(q.callerId()).isEqualTo("5551234");
    assertThat(q.callerIdName()).isEqualTo("Trace Caller");
    assertThat(q.context()).isEqualTo("trace-agi");
    assertThat(q.extension()).isEqualTo("250");
    assertThat(q.priority()).isEqualTo("3");
    assertThat(q.language()).isEqualTo("en");
    assertThat(q.version()).isEqualTo("22.10.1");
    assertThat(q.type()).isEqualTo("Local");
    assertThat(q.dnid()).isEqualTo("unknown");
    assertThat(q.args()).containsExactly("first-arg", "second arg");
    assertThat(q.all()).hasSize(24).containsEntry("agi_accountcode", "").containsEntry("agi_enhanced", "0.0");
  }

  @Test
  void decodesThePjsipCallersHeaderFromTrace05() {
    AgiRequest q = new AgiRequestDecoder().feed(TraceBytes.load(TraceBytes.SESSION4_PJSIP_HEADER)).request();
    assertThat(q.channel()).isEqualTo("PJSIP/sipp-00000002");
    assertThat(q.type()).isEqualTo("PJSIP");
    assertThat(q.callerId()).isEqualTo("sipp");
    assertThat(q.dnid()).isEqualTo("200");
    assertThat(q.context()).isEqualTo("agi");
    assertThat(q.params()).containsExactly(entry("exten", "200"));
    assertThat(q.args()).isEmpty();
  }

  @Test
  void everySplitOfTheHeaderDecodesTheSame() {
    byte[] bytes = TraceBytes.load(TraceBytes.SESSION1_HEADER);
    AgiRequest whole = new AgiRequestDecoder().feed(bytes).request();
    for (int cut = 0; cut <= bytes.length; cut++) {
      AgiRequestDecoder d = new AgiRequestDecoder();
      AgiRequestDecoder.Result a = d.feed(bytes, 0, cut);
      AgiRequestDecoder.Result b = a.complete() ? a : d.feed(bytes, cut, bytes.length - cut);
      assertThat(b.failed()).as("cut at %d", cut).isFalse();
      assertThat(b.request()).as("cut at %d", cut).isEqualTo(whole);
    }
    // and one byte at a time
    AgiRequestDecoder d = new AgiRequestDecoder();
    AgiRequest got = null;
    for (int i = 0; i < bytes.length; i++) {
      AgiRequestDecoder.Result r = d.feed(bytes, i, 1);
      if (r.complete()) {
        assertThat(i).isEqualTo(bytes.length - 1);
        got = r.request();
      }
    }
    assertThat(got).isEqualTo(whole);
  }

  @Test
  void leavesTheBytesAfterTheEmptyLineToTheReplyStream() {
    byte[] header = TraceBytes.load(TraceBytes.SESSION1_HEADER);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(header);
    s.writeBytes("HANGUP\n".getBytes(StandardCharsets.US_ASCII));
    AgiRequestDecoder.Result r = new AgiRequestDecoder().feed(s.toByteArray());
    assertThat(r.complete()).isTrue();
    assertThat(r.consumed()).isEqualTo(header.length);
  }

  @Test
  void decodesQueryParametersAndPathVariants() {
    AgiRequest q = decode("agi_network_script: /voicebot/?a=1&b=x%20y&c=%C3%A9&d&a=2\n"
        + "agi_request: agi://gw:4573/voicebot/?a=1&b=x%20y&c=%C3%A9&d&a=2\n\n").request();
    assertThat(q.script()).isEqualTo("voicebot");
    assertThat(q.params()).containsExactly(entry("a", "1"), entry("b", "x y"), entry("c", "é"), entry("d", ""));

    AgiRequest noScriptLine = decode("agi_request: agi://gw/other?x=1\n\n").request();
    assertThat(noScriptLine.script()).isEqualTo("other");
    assertThat(noScriptLine.params()).containsExactly(entry("x", "1"));
    assertThat(noScriptLine.channel()).isEmpty();
  }

  @Test
  void badInputIsAnErrorValueNamingTheLine() {
    assertThat(decode("agi_network: yes\nGET / HTTP/1.1\n").error())
        .isEqualTo("line 2: expected 'agi_name: value', got 'GET / HTTP/1.1'");
    assertThat(decode("agi_network: yes\nfoo: bar\n").error()).isEqualTo("line 2: 'foo' is not an agi_ variable");
    assertThat(decode("\n").error()).isEqualTo("line 1: empty header block");
    assertThat(decode("agi_network: yes\nagi_network: no\n").error()).isEqualTo("line 2: agi_network appears twice");
    assertThat(decode("agi_network: yes\n\n").error()).isEqualTo("the header block has no agi_request");
    assertThat(decode("agi_request: agi://h/voicebot?x=%zz\n\n").error())
        .startsWith("agi_request: bad percent-encoding in 'x=%zz'");
    assertThat(new AgiRequestDecoder().feed(new byte[] {'a', 'g', 0, '\n'}).error())
        .isEqualTo("line 1: control byte 0x00 at column 3 (binary data?)");
    assertThat(decode("agi_network: yes\r\nagi_request: agi://h/voicebot\r\n\r\n").request().script())
        .as("CR LF tolerated").isEqualTo("voicebot");
  }

  @Test
  void limitsHold() {
    AgiRequestDecoder.Limits small = new AgiRequestDecoder.Limits(32, 3, 100);
    assertThat(new AgiRequestDecoder(small).feed(("agi_x: " + "y".repeat(40)).getBytes(StandardCharsets.US_ASCII)).error())
        .isEqualTo("line 1 is longer than 32 bytes");
    assertThat(new AgiRequestDecoder(small).feed("agi_a: 1\nagi_b: 1\nagi_c: 1\nagi_d: 1\n".getBytes(StandardCharsets.US_ASCII))
        .error()).isEqualTo("more than 3 header lines");
    AgiRequestDecoder.Limits total = new AgiRequestDecoder.Limits(32, 100, 40);
    assertThat(new AgiRequestDecoder(total).feed("agi_a: 1\nagi_b: 1\nagi_c: 1\nagi_d: 1\nagi_e: 1\n".getBytes(StandardCharsets.US_ASCII))
        .error()).isEqualTo("header block longer than 40 bytes (at line 5)");
  }

  @Test
  void aFailedDecoderStaysFailed() {
    AgiRequestDecoder d = new AgiRequestDecoder();
    d.feed("junk\n".getBytes(StandardCharsets.US_ASCII));
    AgiRequestDecoder.Result r = d.feed(TraceBytes.load(TraceBytes.SESSION1_HEADER));
    assertThat(r.failed()).isTrue();
    assertThat(r.request()).isNull();
    assertThat(r.consumed()).isZero();
  }

  private static AgiRequestDecoder.Result decode(String s) {
    return new AgiRequestDecoder().feed(s.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> lines(byte[] b) {
    return List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1));
  }
}
