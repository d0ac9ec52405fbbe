package org.voicebot.gateway.asr;

import java.util.List;
import java.util.Objects;

/**
 * The final transcript of one caller utterance.
 *
 * @param text       lower-case words separated by single spaces; empty when nothing was recognised
 *                   or the engine rejected the utterance
 * @param confidence 0..1, engine-specific; compare it only with thresholds calibrated for that engine
 * @param words      the words of {@code text} with their timings (may be empty if an engine has none)
 * @param alternatives other readings of the same audio, most likely first (same form as {@code text}); the
 *                   dialog acts on the reading it understands best, {@code text} on a tie
 */
public record Transcript(String text, double confidence, List<WordTiming> words, List<String> alternatives) {
    private static final Transcript EMPTY = new Transcript("", 0.0, List.of());

    public Transcript(String text, double confidence, List<WordTiming> words) {
        this(text, confidence, words, List.of());
    }

    public Transcript {
        Objects.requireNonNull(text, "text");
        if (Double.isNaN(confidence) || confidence < 0.0 || confidence > 1.0) {
            throw new IllegalArgumentException("confidence must be in 0..1: " + confidence);
        }
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }

    /** Nothing recognised: empty text, confidence 0. */
    public static Transcript empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /**
     * Speaking rate in words per second from the word timings: the number of words over the time from
     * the start of the first to the end of the last. NaN when the engine gave no timings or the span is
     * too short to mean anything (under 100 ms).
     */
    public double wordsPerSecond() {
        if (words.isEmpty()) {
            return Double.NaN;
        }
        long span = words.get(words.size() - 1).endMs() - words.get(0).startMs();
        return span < 100 ? Double.NaN : words.size() * 1000.0 / span;
    }
}
