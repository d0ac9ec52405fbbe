package org.voicebot.gateway.media.audiosocket;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Encodes the frames a server sends: audio and hangup (Asterisk rejects a DTMF frame from the server). */
public final class AudioSocketEncoder {

  private AudioSocketEncoder() {}

  public static byte[] audio(byte[] slin) {
    if (slin.length > 0xffff || slin.length % 2 != 0) {
      throw new IllegalArgumentException("audio payload must be whole samples and at most 65535 bytes, was " + slin.length);
    }
    return frame(AudioSocketFrame.KIND_AUDIO, slin);
  }

  public static byte[] hangup() {
    return frame(AudioSocketFrame.KIND_HANGUP, new byte[0]);
  }

  /** The UUID frame an AudioSocket client (Asterisk) sends first; used by simulators and tests. */
  public static byte[] uuid(UUID uuid) {
    return frame(AudioSocketFrame.KIND_UUID,
        ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
  }

  public static byte[] dtmf(char digit) {
    return frame(AudioSocketFrame.KIND_DTMF, new byte[] {(byte) digit});
  }

  static byte[] frame(byte kind, byte[] payload) {
    byte[] out = new byte[3 + payload.length];
    out[0] = kind;
    out[1] = (byte) (payload.length >>> 8);
    out[2] = (byte) payload.length;
    System.arraycopy(payload, 0, out, 3, payload.length);
    return out;
  }
}
