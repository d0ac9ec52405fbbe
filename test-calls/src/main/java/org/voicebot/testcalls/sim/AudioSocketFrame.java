package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One AudioSocket frame: 1 byte kind, big-endian uint16 payload length, payload.
 * Kinds as chan_audiosocket/res_audiosocket of Asterisk 22 know them.
 */
public record AudioSocketFrame(int kind, byte[] payload) {

    public static final int KIND_HANGUP = 0x00;
    public static final int KIND_UUID = 0x01;
    public static final int KIND_DTMF = 0x03;
    public static final int KIND_AUDIO = 0x10;
    public static final int KIND_ERROR = 0xff;
    public static final int HEADER_LENGTH = 3;
    public static final int MAX_PAYLOAD = 0xffff;

    public AudioSocketFrame {
        if (kind < 0 || kind > 0xff) {
            throw new IllegalArgumentException("kind must fit one byte: " + kind);
        }
        payload = payload == null ? new byte[0] : payload.clone();
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload longer than 65535 bytes: " + payload.length);
        }
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int length() {
        return payload.length;
    }

    public static AudioSocketFrame hangup() {
        return new AudioSocketFrame(KIND_HANGUP, new byte[0]);
    }

    public static AudioSocketFrame uuid(UUID uuid) {
        ByteBuffer bb = ByteBuffer.allocate(16);
        bb.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return new AudioSocketFrame(KIND_UUID, bb.array());
    }

    public static AudioSocketFrame dtmf(char digit) {
        return new AudioSocketFrame(KIND_DTMF, new byte[] {(byte) digit});
    }

    public static AudioSocketFrame audio(byte[] slin) {
        return new AudioSocketFrame(KIND_AUDIO, slin);
    }

    /** The UUID carried by a {@link #KIND_UUID} frame. */
    public UUID asUuid() {
        if (kind != KIND_UUID || payload.length != 16) {
            throw new IllegalStateException("not a 16-byte UUID frame: " + this);
        }
        ByteBuffer bb = ByteBuffer.wrap(payload);
        return new UUID(bb.getLong(), bb.getLong());
    }

    /** Header plus payload, ready for the wire. */
    public Buffer encode() {
        Buffer b = Buffer.buffer(HEADER_LENGTH + payload.length);
        b.appendByte((byte) kind);
        b.appendUnsignedShort(payload.length);
        b.appendBytes(payload);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioSocketFrame f && f.kind == kind && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
        return String.format("AudioSocketFrame[kind=0x%02x, len=%d, payload=%s%s]",
                kind, payload.length, hex, payload.length > 16 ? "..." : "");
    }
}
