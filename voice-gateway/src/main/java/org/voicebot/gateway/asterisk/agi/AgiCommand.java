package org.voicebot.gateway.asterisk.agi;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One AGI command line, without its newline. Built only by the factories, which quote and escape the
 * way res_agi's argument parser reads them: a double-quoted argument may hold spaces, {@code \"} is a
 * literal quote and {@code \\} a literal backslash. A value can never break the line protocol: CR, LF
 * and other control characters become spaces, and values are cut so the whole line fits res_agi's
 * 2048-byte command buffer (a longer line would be read as two commands).
 */
public record AgiCommand(String line) {

  /** res_agi reads a command with fgets into a 2048-byte buffer: 2046 bytes, the newline and the NUL. */
  public static final int MAX_LINE_BYTES = 2046;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+(\\([A-Za-z0-9_]*\\))?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
  private static final String CUT = "...";

  public AgiCommand {
    if (line.isEmpty() || line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("an AGI command must be one non-empty line of printable text");
    }
    if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
      throw new IllegalArgumentException("AGI command longer than " + MAX_LINE_BYTES + " bytes");
    }
  }

  public static AgiCommand answer() {
    return new AgiCommand("ANSWER");
  }

  /** Hangs up the AGI channel. */
  public static AgiCommand hangup() {
    return new AgiCommand("HANGUP");
  }

  public static AgiCommand noop() {
    return new AgiCommand("NOOP");
  }

  public static AgiCommand getVariable(String name) {
    return new AgiCommand("GET VARIABLE " + name(name));
  }

  /** {@code GET FULL VARIABLE "<expression>"}: evaluates {@code ${...}} expressions. */
  public static AgiCommand getFullVariable(String expression) {
    return withValue("GET FULL VARIABLE ", expression, "");
  }

  /** {@code SET VARIABLE NAME "value"}; a value too long for one command line is cut and ends in "...". */
  public static AgiCommand setVariable(String name, String value) {
    return withValue("SET VARIABLE " + name(name) + " ", value, "");
  }

  /**
   * {@code EXEC App options}. res_agi passes one argument on to the application, so options with
   * spaces or quotes are quoted; plain ones are sent bare, as in {@code EXEC Playback hello-world}.
   */
  public static AgiCommand exec(String application, String options) {
    if (!WORD.matcher(application).matches()) {
      throw new IllegalArgumentException("not an application name: '" + application + "'");
    }
    String prefix = "EXEC " + application;
    if (options.isEmpty()) {
      return new AgiCommand(prefix);
    }
    String clean = printable(options);
    boolean plain = clean.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\');
    if (plain && (prefix + " " + clean).getBytes(StandardCharsets.UTF_8).length <= MAX_LINE_BYTES) {
      return new AgiCommand(prefix + " " + clean);
    }
    return withValue(prefix + " ", clean, "");
  }

  /** {@code VERBOSE "message" level}: a line in the Asterisk log. */
  public static AgiCommand verbose(String message, int level) {
    if (level < 1 || level > 4) {
      throw new IllegalArgumentException("verbose level must be 1..4, was " + level);
    }
    return withValue("VERBOSE ", message, " " + level);
  }

  /** {@code STREAM FILE name "escapeDigits"}. */
  public static AgiCommand streamFile(String file, String escapeDigits) {
    if (file.isEmpty() || file.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c == 0x7f)) {
      throw new IllegalArgumentException("not a sound file name: '" + file + "'");
    }
    return withValue("STREAM FILE " + file + " ", escapeDigits, "");
  }

  /** The bytes on the wire: the line and its newline. */
  public byte[] wire() {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code value} double-quoted and escaped, with no limit on length. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    printable(value).codePoints().forEach(cp -> appendEscaped(b, cp));
    return b.append('"').toString();
  }

  private static AgiCommand withValue(String prefix, String value, String suffix) {
    int budget = MAX_LINE_BYTES - utf8(prefix) - utf8(suffix) - 2;
    if (budget < CUT.length()) {
      throw new IllegalArgumentException("no room for a value after '" + prefix + "'");
    }
    String full = quote(value);
    String body = full.substring(1, full.length() - 1);
    if (utf8(body) > budget) {
      // Cut on a code point, never inside an escape pair, and say so.
      StringBuilder b = new StringBuilder();
      int used = 0;
      for (int cp : printable(value).codePoints().toArray()) {
        int before = b.length();
        appendEscaped(b, cp);
        int add = utf8(b.substring(before));
        if (used + add > budget - CUT.length()) {
          b.setLength(before);
          break;
        }
        used += add;
      }
      body = b.append(CUT).toString();
    }
    return new AgiCommand(prefix + '"' + body + '"' + suffix);
  }

  private static void appendEscaped(StringBuilder b, int cp) {
    if (cp == '"' || cp == '\\') {
      b.append('\\');
    }
    b.appendCodePoint(cp);
  }

  /** Control characters (CR, LF, NUL, ...) become one space each; a CR LF pair becomes one space. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        continue;
      }
      b.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c);
    }
    return b.toString();
  }

  private static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a channel variable name: '" + name + "'");
    }
    return name;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return line;
  }
}
