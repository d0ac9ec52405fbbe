package org.voicebot.gateway.asr;

import java.util.Arrays;

/**
 * The samples of the utterance being heard, for engines that decode a whole utterance at its end. Grows as
 * needed up to {@link #MAX_SAMPLES}; a runaway utterance is cut there, never grows without bound. Not
 * thread-safe (one call's stream, one task at a time).
 */
public final class UtteranceBuffer {
    /** Longer than any utterance the endpointer lets through (call.maxUtteranceMs is at most 120 s). */
    public static final int MAX_SAMPLES = 8000 * 130;

    private short[] buffer = new short[8000];
    private int length;

    public void add(short[] pcm8k) {
        int n = Math.min(MAX_SAMPLES - length, pcm8k.length);
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_SAMPLES, Math.max(length + n, buffer.length * 2)));
        }
        System.arraycopy(pcm8k, 0, buffer, length, n);
        length += n;
    }

    /** The utterance so far; the buffer is empty afterwards. */
    public short[] take() {
        short[] utterance = Arrays.copyOf(buffer, length);
        length = 0;
        return utterance;
    }

    public void clear() {
        length = 0;
    }

    /** Empties the buffer and gives its memory back. */
    public void release() {
        length = 0;
        buffer = new short[0];
    }

    public int length() {
        return length;
    }
}
