package org.voicebot.gateway.asterisk.agi;

/** Small text checks shared by the AGI decoders. */
final class AgiText {

  private AgiText() {}

  /** Describes the first control byte in {@code bytes[0..len)} (TAB allowed), or null if there is none. */
  static String controlByte(byte[] bytes, int len) {
    for (int i = 0; i < len; i++) {
      int b = bytes[i] & 0xff;
      if ((b < 0x20 && b != '\t') || b == 0x7f) {
        return String.format("control byte 0x%02x at column %d (binary data?)", b, i + 1);
      }
    }
    return null;
  }

  /** The start of {@code s}, short and printable, for an error message. */
  static String excerpt(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }
}
