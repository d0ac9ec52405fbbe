package org.voicebot.gateway.call;

import org.voicebot.gateway.media.vad.Endpointer;

/** The per-call tuning a session needs, taken from the gateway configuration. */
public record CallSettings(
    long noInputMs,
    boolean bargeIn,
    long maxCallMs,
    Endpointer.Settings endpointer,
    String publicBaseUrl,
    EndOfTurn endOfTurn) {

  /**
   * How long the caller's turn lasts after their last word, from what their words so far say (see
   * {@code DialogEngine.turnCompletion}); used with engines that give partial transcripts.
   *
   * @param adaptive false: always the endpointer's own silence
   * @param completeSilenceMs when the words already answer the prompt
   * @param digitsSilenceMs while fewer digits than the prompt wants have come
   */
  public record EndOfTurn(boolean adaptive, int completeSilenceMs, int digitsSilenceMs) {
    public static EndOfTurn defaults() {
      return new EndOfTurn(true, 300, 1200);
    }

    public static EndOfTurn off() {
      return new EndOfTurn(false, 300, 1200);
    }
  }

  /** With the default adaptive end of turn. */
  public CallSettings(long noInputMs, boolean bargeIn, long maxCallMs, Endpointer.Settings endpointer,
      String publicBaseUrl) {
    this(noInputMs, bargeIn, maxCallMs, endpointer, publicBaseUrl, EndOfTurn.defaults());
  }
}
