package org.voicebot.gateway.asr;

/**
 * What the caller is expected to say at the current prompt; an engine with a constrained vocabulary
 * (the embedded Sphinx4 grammars) decodes with the matching grammar, a free-speech engine ignores it.
 */
public enum Listening {
    /** Anything the dialog knows: every phrase, keyword and spoken number (money and date prompts, and the default). */
    ANYTHING,
    /** A request or an answer at an open prompt ("how can I help?", "did you want to...?"): no free digit strings. */
    REQUEST,
    /** A spoken digit string (account number, zip code, phone number), or a command such as "agent". */
    DIGITS
}
