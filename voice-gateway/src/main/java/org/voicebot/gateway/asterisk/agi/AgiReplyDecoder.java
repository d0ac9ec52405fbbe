package org.voicebot.gateway.asterisk.agi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming decoder of what Asterisk sends after the header block, as an explicit state machine:
 * bytes in (split anywhere by TCP), {@link AgiReply} and {@link AgiMessage.Hangup} values out. Bad input
 * is a value: the first problem is reported in {@link Result#error()} naming the reply line, and the
 * decoder stays failed.
 *
 * <p>Not thread-safe: one decoder per connection, fed from that connection's event loop.
 */
public final class AgiReplyDecoder {

  /** What one chunk of bytes produced, and the error that stopped decoding, if any. */
  public record Result(List<AgiMessage> messages, String error) {
    public boolean failed() {
      return error != null;
    }
  }

  /** A GET VARIABLE of a handoff summary is the longest reply we provoke; 8 KiB leaves room. */
  public static final int DEFAULT_MAX_LINE_BYTES = 8192;
  /** res_agi's usage texts are a few dozen lines. */
  public static final int MAX_USAGE_LINES = 256;

  private enum State { LINE, USAGE, FAILED }

  private static final Pattern STATUS = Pattern.compile("(\\d{3})([ -])(.*)");
  private static final Pattern RESULT = Pattern.compile("result=(\\S*)(.*)");
  private static final Pattern ENDPOS = Pattern.compile(" endpos=(-?\\d{1,18})");
  private static final Pattern DATA_ENDPOS = Pattern.compile(" \\((.*)\\) endpos=(-?\\d{1,18})");

  private final int maxLineBytes;
  private final byte[] line;
  private State state = State.LINE;
  private int lineFill;
  private long lineNo = 1;
  private String usageHead;
  private final List<String> usage = new ArrayList<>();
  private String failure;

  public AgiReplyDecoder(int maxLineBytes) {
    if (maxLineBytes < 64) {
      throw new IllegalArgumentException("maxLineBytes must be at least 64, was " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[maxLineBytes + 1]; // + room for a tolerated trailing CR
  }

  public AgiReplyDecoder() {
    this(DEFAULT_MAX_LINE_BYTES);
  }

  public Result feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  public Result feed(byte[] bytes, int offset, int length) {
    List<AgiMessage> out = new ArrayList<>(1);
    int end = offset + length;
    for (int i = offset; i < end && state != State.FAILED; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        endOfLine(out);
      } else if (lineFill == line.length) {
        fail("reply line " + lineNo + " is longer than " + maxLineBytes + " bytes");
      } else {
        line[lineFill++] = b;
      }
    }
    return new Result(out, failure);
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  /** True when no reply is half-received (a close now loses nothing). */
  public boolean atMessageBoundary() {
    return state == State.LINE && lineFill == 0;
  }

  private void endOfLine(List<AgiMessage> out) {
    int len = lineFill;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    lineFill = 0;
    if (len > maxLineBytes) {
      fail("reply line " + lineNo + " is longer than " + maxLineBytes + " bytes");
      return;
    }
    String bad = AgiText.controlByte(line, len);
    if (bad != null) {
      fail("reply line " + lineNo + ": " + bad);
      return;
    }
    String text = new String(line, 0, len, StandardCharsets.UTF_8);
    if (state == State.USAGE) {
      usageLine(text, out);
    } else {
      AgiMessage m = parse(text);
      if (m != null) {
        out.add(m);
      }
    }
    lineNo++;
  }

  private void usageLine(String text, List<AgiMessage> out) {
    if (text.startsWith("520 ")) {
      out.add(AgiReply.error(AgiReply.USAGE, usageHead, usage));
      usage.clear();
      usageHead = null;
      state = State.LINE;
    } else if (usage.size() == MAX_USAGE_LINES) {
      fail("reply line " + lineNo + ": more than " + MAX_USAGE_LINES + " usage lines in a 520 reply");
    } else {
      usage.add(text);
    }
  }

  private AgiMessage parse(String text) {
    if (text.equals("HANGUP")) {
      return new AgiMessage.Hangup();
    }
    Matcher m = STATUS.matcher(text);
    if (!m.matches()) {
      return failNull("reply line " + lineNo + ": expected a status line or HANGUP, got '" + AgiText.excerpt(text) + "'");
    }
    int code = Integer.parseInt(m.group(1));
    boolean continued = m.group(2).equals("-");
    String rest = m.group(3);
    if (continued) {
      if (code != AgiReply.USAGE) {
        return failNull("reply line " + lineNo + ": only 520 has a multi-line form, got '" + AgiText.excerpt(text) + "'");
      }
      usageHead = rest;
      state = State.USAGE;
      return null;
    }
    return switch (code) {
      case AgiReply.OK -> ok(rest, text);
      case AgiReply.INVALID_COMMAND, AgiReply.DEAD_CHANNEL, AgiReply.USAGE -> AgiReply.error(code, rest, List.of());
      default -> failNull("reply line " + lineNo + ": unknown status " + code + " in '" + AgiText.excerpt(text) + "'");
    };
  }

  private AgiMessage ok(String rest, String text) {
    Matcher r = RESULT.matcher(rest);
    if (!r.matches()) {
      return failNull("reply line " + lineNo + ": 200 without result=, got '" + AgiText.excerpt(text) + "'");
    }
    String result = r.group(1);
    String tail = r.group(2);
    if (tail.isEmpty()) {
      return AgiReply.ok(result, null, null);
    }
    Matcher de = DATA_ENDPOS.matcher(tail);
    if (de.matches()) {
      return AgiReply.ok(result, de.group(1), Long.parseLong(de.group(2)));
    }
    if (tail.startsWith(" (") && tail.endsWith(")")) {
      return AgiReply.ok(result, tail.substring(2, tail.length() - 1), null);
    }
    Matcher e = ENDPOS.matcher(tail);
    if (e.matches()) {
      return AgiReply.ok(result, null, Long.parseLong(e.group(1)));
    }
    return failNull("reply line " + lineNo + ": unexpected text after result in '" + AgiText.excerpt(text) + "'");
  }

  private AgiMessage failNull(String why) {
    fail(why);
    return null;
  }

  private void fail(String why) {
    state = State.FAILED;
    failure = why;
  }
}
