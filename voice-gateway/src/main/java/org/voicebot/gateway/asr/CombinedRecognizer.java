package org.voicebot.gateway.asr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two engines on the same utterance, one reading each: the first engine's transcript leads and the second's
 * reading follows as an alternative (see {@link Transcript#alternatives()}); the dialog acts on the reading it
 * understands best at the prompt, the first on a tie. Meant for engines that fail differently: a free-speech model (good on human
 * voices, no vocabulary) first and a grammar engine (held to the dialog's phrases, rejects what is not in them)
 * second. When the first hears nothing, the second's reading leads. Word timings come from whichever engine has
 * them, the first preferred (they feed the speaking rate, which only needs the span and the count).
 */
public final class CombinedRecognizer implements SpeechRecognizer {
    private final SpeechRecognizer first;
    private final SpeechRecognizer second;

    public CombinedRecognizer(SpeechRecognizer first, SpeechRecognizer second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    @Override
    public String engineName() {
        return first.engineName() + "+" + second.engineName();
    }

    @Override
    public Transcript recognize(short[] pcm8k) throws RecognitionException {
        return recognize(pcm8k, Listening.ANYTHING);
    }

    @Override
    public Transcript recognize(short[] pcm8k, Listening listening) throws RecognitionException {
        return combine(first.recognize(pcm8k, listening), second.recognize(pcm8k, listening));
    }

    /** The first engine's reading with the second's after it (duplicates dropped). */
    public static Transcript combine(Transcript a, Transcript b) {
        if (a.isEmpty()) {
            return b;
        }
        List<String> alternatives = new ArrayList<>(a.alternatives());
        for (String r : withAlternatives(b)) {
            if (!r.equals(a.text()) && !alternatives.contains(r)) {
                alternatives.add(r);
            }
        }
        return new Transcript(a.text(), a.confidence(), a.words().isEmpty() ? b.words() : a.words(), alternatives);
    }

    private static List<String> withAlternatives(Transcript t) {
        List<String> all = new ArrayList<>();
        if (!t.isEmpty()) {
            all.add(t.text());
        }
        all.addAll(t.alternatives());
        return all;
    }

    @Override
    public void close() {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
