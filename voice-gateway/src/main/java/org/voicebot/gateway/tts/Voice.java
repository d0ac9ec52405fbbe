package org.voicebot.gateway.tts;

/**
 * Speaking styles. All three are renderings of the <em>same</em> voice model (MaryTTS
 * cmu-slt-hsmm, US English female; it is the only English voice MaryTTS publishes on Maven
 * Central): they differ in speaking rate and pitch only, not in speaker identity.
 *
 * <p>The styles are applied with SSML {@code <prosody>} in the request document, which MaryTTS
 * applies per request. (Mary's {@code setAudioEffects} {@code Rate}/{@code F0Add}/{@code F0Scale}
 * effects were not used: for HMM voices they are written into the voice's shared model data before
 * every synthesis, so concurrent requests with different effects would race, and {@code Rate}
 * did not change the duration of cmu-slt-hsmm's output at all when measured.)
 */
public enum Voice {

    /** The bot's normal voice: cmu-slt-hsmm unmodified (median pitch about 160 Hz). */
    BOT(null, null),

    /**
     * Slower speech for the spoken briefing to the human agent before a warm transfer: prosody
     * rate -25% (measured about 20% longer than {@link #BOT} for the same text), same pitch.
     */
    BRIEFING("-25%", null),

    /**
     * The simulated caller used by the test-call runner: pitch -30% (median about 113 Hz instead of
     * 160 Hz) and rate +10%. Audibly and measurably different from {@link #BOT}, but the same
     * speaker model, so it does not test recognition of a different human voice.
     */
    CALLER("+10%", "-30%");

    private final String ssmlRate;
    private final String ssmlPitch;

    Voice(String ssmlRate, String ssmlPitch) {
        this.ssmlRate = ssmlRate;
        this.ssmlPitch = ssmlPitch;
    }

    /** SSML prosody {@code rate} value, or {@code null} for the voice's default. */
    public String ssmlRate() {
        return ssmlRate;
    }

    /** SSML prosody {@code pitch} value, or {@code null} for the voice's default. */
    public String ssmlPitch() {
        return ssmlPitch;
    }
}
