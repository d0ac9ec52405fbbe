package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgiReplyDecoderTest {

  private static final AgiMessage HANGUP = new AgiMessage.Hangup();

  @Test
  void decodesTranscript1ReplySequence() {
    List<AgiMessage> m = decodeAll(TraceBytes.load(TraceBytes.SESSION1_REPLIES));
    assertThat(m).containsExactly(
        AgiReply.ok("0", null, null),                                    // ANSWER
        AgiReply.ok("1", "Local/250@trace-agi-00000011;2", null),        // GET VARIABLE CHANNEL
        AgiReply.ok("0", null, null),                                    // GET VARIABLE DOES_NOT_EXIST
        AgiReply.ok("1", null, null),                                    // SET VARIABLE
        AgiReply.ok("1", "hello world", null),                           // GET VARIABLE VOICEBOT_RESULT
        AgiReply.ok("1", "5551234-250", null),                           // GET FULL VARIABLE
        AgiReply.ok("1", null, null),                                    // VERBOSE
        AgiReply.ok("0", null, 11234L),                                  // STREAM FILE
        AgiReply.ok("0", null, null),                                    // EXEC Playback
        AgiReply.ok("-2", null, null),                                   // EXEC NoSuchApplication
        AgiReply.error(510, "Invalid or unknown command", List.of()),
        AgiReply.error(520, "Invalid command syntax.  Proper usage not available.", List.of()),
        AgiReply.error(520, "Invalid command syntax.  Proper usage not available.", List.of()),
        AgiReply.ok("0", null, null),                                    // SAY DIGITS
        AgiReply.ok("55", null, null),                                   // WAIT FOR DIGIT: '7'
        HANGUP,                                                          // between command and reply
        AgiReply.ok("1", "Local/250@trace-agi-00000011;2", null),
        AgiReply.error(511, "Command Not Permitted on a dead channel or intercept routine", List.of()),
        AgiReply.error(511, "Command Not Permitted on a dead channel or intercept routine", List.of()));
    AgiReply minus2 = (AgiReply) m.get(9);
    assertThat(minus2.numericResult()).hasValue(-2);
    assertThat(((AgiReply) m.get(17)).deadChannel()).isTrue();
  }

  @Test
  void decodesTranscript3CallerHangupDuringStreamFile() {
    assertThat(decodeAll(TraceBytes.load(TraceBytes.SESSION3_REPLIES))).containsExactly(
        AgiReply.ok("-1", null, 20000L), HANGUP, AgiReply.ok("1", "Local/252@trace-agi-00000013;2", null));
  }

  @Test
  void everySplitOfTranscript1DecodesTheSame() {
    byte[] bytes = TraceBytes.load(TraceBytes.SESSION1_REPLIES);
    List<AgiMessage> whole = decodeAll(bytes);
    for (int cut = 0; cut <= bytes.length; cut++) {
      AgiReplyDecoder d = new AgiReplyDecoder();
      List<AgiMessage> got = new ArrayList<>(d.feed(bytes, 0, cut).messages());
      got.addAll(d.feed(bytes, cut, bytes.length - cut).messages());
      assertThat(got).as("cut at %d", cut).isEqualTo(whole);
      assertThat(d.atMessageBoundary()).isTrue();
    }
    AgiReplyDecoder d = new AgiReplyDecoder();
    List<AgiMessage> bytewise = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      bytewise.addAll(d.feed(bytes, i, 1).messages());
    }
    assertThat(bytewise).isEqualTo(whole);
  }

  @Test
  void decodesTheMultiLine520Form() {
    String block = "520-Invalid command syntax.  Proper usage follows:\n"
        + " Usage: STREAM FILE <filename> <escape_digits> [sample offset]\n"
        + "\n"
        + "  Send the given file, allowing playback to be interrupted by the given digits.\n"
        + "520 End of proper usage.\n"
        + "200 result=0\n";
    byte[] bytes = block.getBytes(StandardCharsets.US_ASCII);
    List<AgiMessage> m = decodeAll(bytes);
    assertThat(m).containsExactly(
        AgiReply.error(520, "Invalid command syntax.  Proper usage follows:", List.of(
            " Usage: STREAM FILE <filename> <escape_digits> [sample offset]", "",
            "  Send the given file, allowing playback to be interrupted by the given digits.")),
        AgiReply.ok("0", null, null));
    for (int cut = 0; cut <= bytes.length; cut++) {
      AgiReplyDecoder d = new AgiReplyDecoder();
      List<AgiMessage> got = new ArrayList<>(d.feed(bytes, 0, cut).messages());
      got.addAll(d.feed(bytes, cut, bytes.length - cut).messages());
      assertThat(got).as("cut at %d", cut).isEqualTo(m);
    }
  }

  @Test
  void dataAndEndposVariants() {
    assertThat(decodeAll("200 result=0 (timeout) endpos=8000\n200 result= (timeout)\n200 result=1 (a (b) c)\n"))
        .containsExactly(AgiReply.ok("0", "timeout", 8000L), AgiReply.ok("", "timeout", null),
            AgiReply.ok("1", "a (b) c", null));
    assertThat(((AgiReply) decodeAll("200 result=1234 (timeout)\n").get(0)).numericResult()).hasValue(1234);
  }

  @Test
  void anythingElseIsAnErrorValueNamingTheLine() {
    assertThat(error("200 result=0\nhello\n")).isEqualTo("reply line 2: expected a status line or HANGUP, got 'hello'");
    assertThat(error("404 Not Found\n")).isEqualTo("reply line 1: unknown status 404 in '404 Not Found'");
    assertThat(error("200 Success\n")).isEqualTo("reply line 1: 200 without result=, got '200 Success'");
    assertThat(error("200 result=0 garbage\n")).startsWith("reply line 1: unexpected text after result");
    assertThat(error("511-dead\n")).startsWith("reply line 1: only 520 has a multi-line form");
    assertThat(error("200 result=0\u0001\n")).isEqualTo("reply line 1: control byte 0x01 at column 13 (binary data?)");
    assertThat(new AgiReplyDecoder(64).feed(("200 result=1 (" + "x".repeat(80) + ")\n").getBytes(StandardCharsets.US_ASCII))
        .error()).isEqualTo("reply line 1 is longer than 64 bytes");
  }

  @Test
  void aFailedDecoderStaysFailedAndKeepsWhatCameBefore() {
    AgiReplyDecoder d = new AgiReplyDecoder();
    AgiReplyDecoder.Result r = d.feed("200 result=0\nHANGUP\nxx\n200 result=1\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.messages()).containsExactly(AgiReply.ok("0", null, null), HANGUP);
    assertThat(r.failed()).isTrue();
    assertThat(d.feed("200 result=1\n".getBytes(StandardCharsets.US_ASCII)).messages()).isEmpty();
  }

  private static String error(String s) {
    return new AgiReplyDecoder().feed(s.getBytes(StandardCharsets.UTF_8)).error();
  }

  private static List<AgiMessage> decodeAll(String s) {
    return decodeAll(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<AgiMessage> decodeAll(byte[] bytes) {
    AgiReplyDecoder.Result r = new AgiReplyDecoder().feed(bytes);
    assertThat(r.error()).isNull();
    return r.messages();
  }
}
