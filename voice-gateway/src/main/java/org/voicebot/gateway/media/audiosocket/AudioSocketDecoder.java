package org.voicebot.gateway.media.audiosocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Streaming AudioSocket decoder as an explicit state machine: bytes in (split anywhere by TCP), frames
 * out. Bad input is a value, not an exception: once the decoder has failed it stays failed and the
 * connection must be closed; the problem is described in {@link Result#error()}.
 *
 * <p>Not thread-safe: one decoder per connection, fed from that connection's event loop.
 */
public final class AudioSocketDecoder {

  /** What was decoded from one chunk of bytes, and the error that stopped decoding, if any. */
  public record Result(List<AudioSocketFrame> frames, String error) {
    public boolean failed() {
      return error != null;
    }
  }

  private enum State { EXPECT_UUID_HEADER, HEADER, PAYLOAD, FAILED }

  private final int maxPayload;
  private final byte[] header = new byte[3];
  private State state = State.EXPECT_UUID_HEADER;
  private int headerFill;
  private byte kind;
  private byte[] payload;
  private int payloadFill;
  private String failure;

  /** @param maxPayload the largest payload accepted; Asterisk's own frames are at most a few hundred bytes */
  public AudioSocketDecoder(int maxPayload) {
    if (maxPayload < 16 || maxPayload > 65535) {
      throw new IllegalArgumentException("maxPayload must be within 16..65535, was " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  public Result feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  public Result feed(byte[] bytes, int offset, int length) {
    List<AudioSocketFrame> frames = new ArrayList<>(2);
    int i = offset;
    int end = offset + length;
    while (i < end && state != State.FAILED) {
      switch (state) {
        case EXPECT_UUID_HEADER, HEADER -> {
          int n = Math.min(3 - headerFill, end - i);
          System.arraycopy(bytes, i, header, headerFill, n);
          headerFill += n;
          i += n;
          if (headerFill == 3) {
            startPayload(frames);
          }
        }
        case PAYLOAD -> {
          int n = Math.min(payload.length - payloadFill, end - i);
          System.arraycopy(bytes, i, payload, payloadFill, n);
          payloadFill += n;
          i += n;
          if (payloadFill == payload.length) {
            finishFrame(frames);
          }
        }
        case FAILED -> { }
      }
    }
    return new Result(frames, failure);
  }

  /** True when the stream stopped on a frame boundary (a close now loses nothing). */
  public boolean atFrameBoundary() {
    return state != State.PAYLOAD && headerFill == 0;
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  private void startPayload(List<AudioSocketFrame> frames) {
    boolean first = state == State.EXPECT_UUID_HEADER;
    kind = header[0];
    int len = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
    headerFill = 0;
    if (first && kind != AudioSocketFrame.KIND_UUID) {
      fail(String.format("first frame must be UUID (0x01), got kind 0x%02x", kind & 0xff));
      return;
    }
    String lengthProblem = checkLength(kind, len);
    if (lengthProblem != null) {
      fail(lengthProblem);
      return;
    }
    payload = new byte[len];
    payloadFill = 0;
    state = State.PAYLOAD;
    if (len == 0) {
      finishFrame(frames);
    }
  }

  private String checkLength(byte k, int len) {
    if (len > maxPayload) {
      return String.format("payload of %d bytes exceeds the maximum of %d (kind 0x%02x)", len, maxPayload, k & 0xff);
    }
    return switch (k) {
      case AudioSocketFrame.KIND_UUID -> len == 16 ? null : "UUID frame must carry 16 bytes, got " + len;
      case AudioSocketFrame.KIND_DTMF -> len == 1 ? null : "DTMF frame must carry 1 byte, got " + len;
      case AudioSocketFrame.KIND_AUDIO -> len % 2 == 0 ? null : "audio payload must be whole 16-bit samples, got " + len + " bytes";
      case AudioSocketFrame.KIND_HANGUP, AudioSocketFrame.KIND_ERROR -> null;
      default -> String.format("unknown frame kind 0x%02x (length %d)", k & 0xff, len);
    };
  }

  private void finishFrame(List<AudioSocketFrame> frames) {
    AudioSocketFrame frame = switch (kind) {
      case AudioSocketFrame.KIND_UUID -> {
        ByteBuffer b = ByteBuffer.wrap(payload);
        yield new AudioSocketFrame.Uuid(new UUID(b.getLong(), b.getLong()));
      }
      case AudioSocketFrame.KIND_AUDIO -> new AudioSocketFrame.Audio(payload);
      case AudioSocketFrame.KIND_DTMF -> dtmf(payload[0]);
      case AudioSocketFrame.KIND_HANGUP -> new AudioSocketFrame.Hangup();
      case AudioSocketFrame.KIND_ERROR -> new AudioSocketFrame.Error(payload);
      default -> throw new IllegalStateException("length check admits only known kinds");
    };
    payload = null;
    if (frame != null) {
      frames.add(frame);
      state = State.HEADER;
    }
  }

  private AudioSocketFrame dtmf(byte b) {
    char c = (char) (b & 0xff);
    if ((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) {
      return new AudioSocketFrame.Dtmf(c);
    }
    fail(String.format("DTMF frame carries 0x%02x, not a keypad digit", b & 0xff));
    return null;
  }

  private void fail(String why) {
    state = State.FAILED;
    failure = why;
    payload = null;
  }
}
