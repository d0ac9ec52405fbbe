package org.voicebot.gateway.tts;

/** Speech synthesis failed: empty or unspeakable text, or an error inside the TTS engine. */
public class SynthesisException extends Exception {

    private static final long serialVersionUID = 1L;

    public SynthesisException(String message) {
        super(message);
    }

    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
