package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgiCommandTest {

  @Test
  void buildsTheCommandLinesCapturedInTrace05() {
    assertThat(AgiCommand.answer().line()).isEqualTo("ANSWER");
    assertThat(AgiCommand.getVariable("CHANNEL").line()).isEqualTo("GET VARIABLE CHANNEL");
    assertThat(AgiCommand.setVariable("VOICEBOT_RESULT", "hello world").line())
        .isEqualTo("SET VARIABLE VOICEBOT_RESULT \"hello world\"");
    assertThat(AgiCommand.getFullVariable("${CALLERID(num)}-${EXTEN}").line())
        .isEqualTo("GET FULL VARIABLE \"${CALLERID(num)}-${EXTEN}\"");
    assertThat(AgiCommand.verbose("voicebot says hi", 1).line()).isEqualTo("VERBOSE \"voicebot says hi\" 1");
    assertThat(AgiCommand.streamFile("hello-world", "").line()).isEqualTo("STREAM FILE hello-world \"\"");
    assertThat(AgiCommand.exec("Playback", "hello-world").line()).isEqualTo("EXEC Playback hello-world");
    assertThat(AgiCommand.hangup().wire()).isEqualTo("HANGUP\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void execOfAudioSocketIsBare() {
    assertThat(AgiCommand.exec("AudioSocket", "4c801628-d404-4a75-bf67-d48d749b0d6f,127.0.0.1:9092").line())
        .isEqualTo("EXEC AudioSocket 4c801628-d404-4a75-bf67-d48d749b0d6f,127.0.0.1:9092");
    assertThat(AgiCommand.exec("Playback", "a b").line()).isEqualTo("EXEC Playback \"a b\"");
  }

  @Test
  void quotesAndEscapesValues() {
    assertThat(AgiCommand.setVariable("BOT_SUMMARY", "value with \"quotes\"").line())
        .isEqualTo("SET VARIABLE BOT_SUMMARY \"value with \\\"quotes\\\"\"");
    assertThat(AgiCommand.setVariable("X", "back\\slash").line()).isEqualTo("SET VARIABLE X \"back\\\\slash\"");
    assertThat(AgiCommand.setVariable("X", "").line()).isEqualTo("SET VARIABLE X \"\"");
  }

  @Test
  void newlinesNeverBreakTheLine() {
    AgiCommand c = AgiCommand.setVariable("BOT_SUMMARY", "Caller wants a meter reading.\r\nSaid: \"no\"\nAccount 12\u0000");
    assertThat(c.line()).isEqualTo("SET VARIABLE BOT_SUMMARY \"Caller wants a meter reading. Said: \\\"no\\\" Account 12 \"");
    assertThat(c.wire()).containsOnlyOnce((byte) '\n');
  }

  @Test
  void aLongSummaryIsCutToFitResAgisBuffer() {
    String summary = "\u00e9\"".repeat(2000); // multi-byte characters and quotes that need escaping
    AgiCommand c = AgiCommand.setVariable("BOT_SUMMARY", summary);
    byte[] wire = c.wire();
    assertThat(wire.length).isLessThanOrEqualTo(AgiCommand.MAX_LINE_BYTES + 1);
    assertThat(c.line()).endsWith("...\"").doesNotContain("\\...");
    // what res_agi's parser reads back is a prefix of the value
    String parsed = c.line().substring("SET VARIABLE BOT_SUMMARY \"".length(), c.line().length() - "...\"".length())
        .replace("\\\"", "\"").replace("\\\\", "\\");
    assertThat(summary).startsWith(parsed);
    assertThat(AgiCommand.setVariable("X", "y".repeat(AgiCommand.MAX_LINE_BYTES - 17)).line())
        .as("exactly fits: not cut").doesNotEndWith("...\"").hasSize(AgiCommand.MAX_LINE_BYTES);
  }

  @Test
  void refusesWhatIsNotOurs() {
    assertThatThrownBy(() -> AgiCommand.setVariable("BAD NAME", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AgiCommand.exec("Dial;rm", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgiCommand("ANSWER\nHANGUP")).isInstanceOf(IllegalArgumentException.class);
  }
}
