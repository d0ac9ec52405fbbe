package org.voicebot.gateway.asr.sphinx;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audio of one utterance on its way to a Sphinx decoder: the call's recognition task writes samples
 * as they arrive (never blocking), the decoder thread reads them (blocking until more come or the
 * utterance ends). Bounded: audio beyond {@code maxBytes} is dropped, like the buffering stream cuts a
 * runaway utterance. {@link java.io.PipedInputStream} is not used because it ties the pipe to the
 * writing thread, and the call's writes come from whichever pool thread runs its task.
 */
final class AudioPipe extends InputStream {
    /** A reader waiting longer than this for audio takes the utterance as ended (a session that was never closed). */
    static final long IDLE_END_MS = 20_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long maxBytes;
    private byte[] head;
    private int headPos;
    private long written;
    private boolean ended;

    AudioPipe(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Appends samples as little-endian 16-bit; returns false once the pipe is ended or full (the audio is dropped). */
    boolean write(short[] pcm, int from, int to) {
        lock.lock();
        try {
            if (ended || written >= maxBytes) {
                return false;
            }
            int n = (int) Math.min(to - from, (maxBytes - written) / 2);
            byte[] b = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                short s = pcm[from + i];
                b[2 * i] = (byte) s;
                b[2 * i + 1] = (byte) (s >> 8);
            }
            chunks.add(b);
            written += b.length;
            changed.signalAll();
            return n == to - from;
        } finally {
            lock.unlock();
        }
    }

    /** No more audio: the reader gets what is left, then the end of the stream. Idempotent. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_END_MS);
            while (head == null) {
                head = chunks.poll();
                headPos = 0;
                if (head != null) {
                    break;
                }
                if (ended) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    ended = true;
                    return -1;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, head.length - headPos);
            System.arraycopy(head, headPos, b, off, n);
            headPos += n;
            if (headPos == head.length) {
                head = null;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }
}
