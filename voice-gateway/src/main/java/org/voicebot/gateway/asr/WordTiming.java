package org.voicebot.gateway.asr;

import java.util.Objects;

/**
 * One recognised word and where it lies in the utterance, in milliseconds from the first sample
 * handed to {@link SpeechRecognizer#recognize(short[])}.
 */
public record WordTiming(String word, long startMs, long endMs) {
    public WordTiming {
        Objects.requireNonNull(word, "word");
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("bad timing " + startMs + ".." + endMs + " for " + word);
        }
    }
}
