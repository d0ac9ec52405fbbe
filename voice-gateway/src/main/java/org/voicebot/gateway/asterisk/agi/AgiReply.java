package org.voicebot.gateway.asterisk.agi;

import java.util.List;
import java.util.OptionalInt;

/**
 * One reply line (or the multi-line 520 block) from Asterisk.
 *
 * <ul>
 *   <li>{@code 200 result=1 (hello world)}: code 200, result "1", data "hello world"</li>
 *   <li>{@code 200 result=0 endpos=11234}: endpos 11234</li>
 *   <li>{@code 510 Invalid or unknown command}, {@code 511 Command Not Permitted on a dead channel ...},
 *       {@code 520 Invalid command syntax.  Proper usage not available.}: code and text</li>
 *   <li>{@code 520-Invalid command syntax.  Proper usage follows:} / usage lines / {@code 520 End of proper usage.}:
 *       code 520, the first line's text, the usage lines</li>
 * </ul>
 *
 * @param result the text after {@code result=} (a number, or digits for GET DATA; empty when absent)
 * @param data the text in parentheses, or null
 * @param endpos the {@code endpos=} value, or null
 * @param text for codes other than 200: the text after the code
 */
public record AgiReply(int code, String result, String data, Long endpos, String text, List<String> usage)
    implements AgiMessage {

  public static final int OK = 200;
  public static final int INVALID_COMMAND = 510;
  public static final int DEAD_CHANNEL = 511;
  public static final int USAGE = 520;

  public AgiReply {
    usage = List.copyOf(usage);
  }

  public static AgiReply ok(String result, String data, Long endpos) {
    return new AgiReply(OK, result, data, endpos, "", List.of());
  }

  public static AgiReply error(int code, String text, List<String> usage) {
    return new AgiReply(code, "", null, null, text, usage);
  }

  /** The result as a number (-1 failure/hang-up, -2 no such application for EXEC, ...), if it is one. */
  public OptionalInt numericResult() {
    if (code != OK) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(result));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  public boolean isOk() {
    return code == OK;
  }

  /** 511: the channel is gone; commands that need a live channel are refused. */
  public boolean deadChannel() {
    return code == DEAD_CHANNEL;
  }

  @Override
  public String toString() {
    if (code != OK) {
      return code + " " + text + (usage.isEmpty() ? "" : " (+" + usage.size() + " usage lines)");
    }
    return "200 result=" + result + (data == null ? "" : " (" + data + ")") + (endpos == null ? "" : " endpos=" + endpos);
  }
}
