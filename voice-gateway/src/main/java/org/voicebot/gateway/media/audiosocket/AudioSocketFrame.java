package org.voicebot.gateway.media.audiosocket;

import java.util.UUID;

/**
 * One AudioSocket frame: a 3-byte header (kind, big-endian uint16 payload length) and the payload.
 * The kinds are those Asterisk 20+ speaks (see shared/asterisk-traces/03 and 04).
 */
public sealed interface AudioSocketFrame {

  byte KIND_HANGUP = 0x00;
  byte KIND_UUID = 0x01;
  byte KIND_DTMF = 0x03;
  byte KIND_AUDIO = 0x10;
  byte KIND_ERROR = (byte) 0xff;

  /** The first frame of every connection: the call's UUID (16 bytes, big-endian). */
  record Uuid(UUID uuid) implements AudioSocketFrame {}

  /** Signed-linear 16-bit little-endian mono samples at 8 kHz (320 bytes = 20 ms, but other sizes occur). */
  record Audio(byte[] slin) implements AudioSocketFrame {}

  /** One DTMF digit as an ASCII byte (Asterisk 20+). */
  record Dtmf(char digit) implements AudioSocketFrame {}

  /** The other side hangs up. */
  record Hangup() implements AudioSocketFrame {}

  /** Asterisk reports an error; the payload is an optional error code. */
  record Error(byte[] payload) implements AudioSocketFrame {}
}
