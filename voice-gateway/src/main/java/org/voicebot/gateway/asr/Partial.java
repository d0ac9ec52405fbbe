package org.voicebot.gateway.asr;

import java.util.Objects;

/** The engine's current guess at the utterance still being spoken; it may change until the final transcript. */
public record Partial(String text) {
    public Partial {
        Objects.requireNonNull(text, "text");
    }
}
