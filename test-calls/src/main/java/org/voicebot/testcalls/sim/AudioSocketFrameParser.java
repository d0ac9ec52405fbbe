package org.voicebot.testcalls.sim;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Streaming AudioSocket frame splitter: feed it whatever each TCP read delivered, it emits whole frames
 * in order, however the bytes were split. It does not judge kinds; the caller decides what is legal.
 * Not thread-safe: use it from one event loop.
 */
public final class AudioSocketFrameParser implements Handler<Buffer> {

    private final Handler<AudioSocketFrame> frameHandler;
    private Buffer pending = Buffer.buffer();
    private int readIndex;
    private boolean stopped;

    public AudioSocketFrameParser(Handler<AudioSocketFrame> frameHandler) {
        this.frameHandler = frameHandler;
    }

    @Override
    public void handle(Buffer chunk) {
        if (stopped) {
            return;
        }
        pending.appendBuffer(chunk);
        while (!stopped) {
            int available = pending.length() - readIndex;
            if (available < AudioSocketFrame.HEADER_LENGTH) {
                break;
            }
            int kind = pending.getUnsignedByte(readIndex);
            int length = pending.getUnsignedShort(readIndex + 1);
            if (available < AudioSocketFrame.HEADER_LENGTH + length) {
                break;
            }
            int start = readIndex + AudioSocketFrame.HEADER_LENGTH;
            byte[] payload = pending.getBytes(start, start + length);
            readIndex = start + length;
            frameHandler.handle(new AudioSocketFrame(kind, payload));
        }
        compact();
    }

    /** Stop emitting frames (after a protocol error the rest of the stream is meaningless). */
    public void stop() {
        stopped = true;
        pending = Buffer.buffer();
        readIndex = 0;
    }

    /** True when some bytes of an incomplete header or payload are waiting for more data. */
    public boolean hasPartialFrame() {
        return !stopped && pending.length() > readIndex;
    }

    public int bufferedBytes() {
        return pending.length() - readIndex;
    }

    private void compact() {
        if (readIndex == 0) {
            return;
        }
        if (readIndex >= pending.length()) {
            pending = Buffer.buffer();
        } else {
            pending = pending.getBuffer(readIndex, pending.length());
        }
        readIndex = 0;
    }
}
