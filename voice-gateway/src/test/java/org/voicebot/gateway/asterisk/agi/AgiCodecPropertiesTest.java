package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever arrives on the socket, the decoders answer with values, never exceptions, and keep their limits. */
class AgiCodecPropertiesTest {

  @Property(tries = 500)
  void randomBytesNeverThrowFromTheHeaderDecoder(@ForAll @Size(max = 3000) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 300) int chunk) {
    AgiRequestDecoder d = new AgiRequestDecoder(new AgiRequestDecoder.Limits(256, 16, 2048));
    int fed = 0;
    for (int i = 0; i < bytes.length; i += chunk) {
      int n = Math.min(chunk, bytes.length - i);
      AgiRequestDecoder.Result r = d.feed(bytes, i, n);
      assertThat(r.consumed()).isBetween(0, n);
      fed += r.consumed();
      if (r.failed() || r.complete()) {
        break;
      }
    }
    assertThat(fed).as("never reads past its byte budget").isLessThanOrEqualTo(2048);
  }

  @Property(tries = 500)
  void randomBytesNeverThrowFromTheReplyDecoder(@ForAll @Size(max = 3000) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 300) int chunk) {
    AgiReplyDecoder d = new AgiReplyDecoder(128);
    for (int i = 0; i < bytes.length; i += chunk) {
      AgiReplyDecoder.Result r = d.feed(bytes, i, Math.min(chunk, bytes.length - i));
      assertThat(r.messages()).doesNotContainNull();
      if (r.failed()) {
        assertThat(r.error()).startsWith("reply line ");
        break;
      }
    }
  }

  @Property(tries = 300)
  void lineShapedGarbageIsAValue(@ForAll("protocolishLines") List<String> lines) {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    AgiReplyDecoder.Result replies = new AgiReplyDecoder().feed(bytes);
    if (!replies.failed() && lines.stream().noneMatch(l -> l.startsWith("520-"))) {
      assertThat(replies.messages()).as("every accepted line is one message").hasSameSizeAs(lines);
    }
    assertThat(replies.messages().size()).isLessThanOrEqualTo(lines.size());
    AgiRequestDecoder.Result header = new AgiRequestDecoder().feed(bytes);
    assertThat(header.failed() || header.complete() || header.consumed() == bytes.length).isTrue();
  }

  @Property(tries = 200)
  void aTruncatedHeaderIsNeverComplete(@ForAll @IntRange(min = 0, max = 566) int keep) {
    byte[] bytes = TraceBytes.load(TraceBytes.SESSION1_HEADER);
    AgiRequestDecoder.Result r = new AgiRequestDecoder().feed(Arrays.copyOf(bytes, keep));
    assertThat(r.failed()).isFalse();
    assertThat(r.complete()).isFalse();
    assertThat(r.consumed()).isEqualTo(keep);
  }

  @Property(tries = 100)
  void oversizedInputHitsALimitNotTheHeap(@ForAll @IntRange(min = 1, max = 20) int lineKb) {
    byte[] longLine = ("agi_x: " + "y".repeat(2048 + lineKb * 1024)).getBytes(StandardCharsets.US_ASCII);
    assertThat(new AgiRequestDecoder().feed(longLine).error()).isEqualTo("line 1 is longer than 2048 bytes");
    byte[] longReply = ("200 result=1 (" + "y".repeat(lineKb * 1024 + 8192)).getBytes(StandardCharsets.US_ASCII);
    assertThat(new AgiReplyDecoder().feed(longReply).error()).isEqualTo("reply line 1 is longer than 8192 bytes");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 130 + lineKb; i++) {
      many.append("agi_k").append(i).append(": v\n");
    }
    assertThat(new AgiRequestDecoder().feed(many.toString().getBytes(StandardCharsets.US_ASCII)).error())
        .isEqualTo("more than 128 header lines");
    StringBuilder usage = new StringBuilder("520-Invalid command syntax.  Proper usage follows:\n");
    for (int i = 0; i < 300; i++) {
      usage.append("usage ").append(i).append('\n');
    }
    assertThat(new AgiReplyDecoder().feed(usage.toString().getBytes(StandardCharsets.US_ASCII)).error())
        .contains("more than 256 usage lines");
  }

  @Property(tries = 300)
  void anyValueMakesExactlyOneCommandLineThatParsesBack(@ForAll @Size(max = 3000) String value) {
    AgiCommand c = AgiCommand.setVariable("BOT_SUMMARY", value);
    byte[] wire = c.wire();
    assertThat(wire.length).isLessThanOrEqualTo(AgiCommand.MAX_LINE_BYTES + 1);
    int newlines = 0;
    for (byte b : wire) {
      if (b == '\n' || b == '\r' || b == 0) {
        newlines++;
      }
    }
    assertThat(newlines).isEqualTo(1);
    List<String> args = parseArgsLikeResAgi(c.line());
    assertThat(args).hasSize(4);
    assertThat(args.subList(0, 3)).containsExactly("SET", "VARIABLE", "BOT_SUMMARY");
  }

  @Provide
  Arbitrary<List<String>> protocolishLines() {
    Arbitrary<String> line = Arbitraries.oneOf(
        Arbitraries.of("HANGUP", "200 result=0", "200 result=1 (x)", "510 Invalid or unknown command",
            "520-Invalid command syntax.  Proper usage follows:", "520 End of proper usage.", "agi_request: agi://h/voicebot",
            "agi_channel: Local/1;2", "", "200 result=-1 endpos=5", "200 result=", "200 result=1 (", "511 x"),
        Arbitraries.strings().ofMaxLength(40));
    return line.list().ofMaxSize(30);
  }

  /** res_agi's parse_args: whitespace splits, double quotes group, backslash escapes the next character. */
  static List<String> parseArgsLikeResAgi(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    boolean quoted = false;
    boolean escaped = false;
    for (char ch : s.toCharArray()) {
      if (ch == '"' && !escaped) {
        quoted = !quoted;
        if (cur == null) {
          cur = new StringBuilder();
        }
      } else if ((ch == ' ' || ch == '\t') && !quoted && !escaped) {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
      } else if (ch == '\\' && !escaped) {
        escaped = true;
        continue;
      } else {
        if (cur == null) {
          cur = new StringBuilder();
        }
        cur.append(ch);
      }
      escaped = false;
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }
}
