package org.voicebot.gateway.call;

import org.voicebot.gateway.media.vad.Endpointer;

/** The per-call tuning a session needs, taken from the gateway configuration. */
public record CallSettings(
    long noInputMs,
    boolean bargeIn,
    long maxCallMs,
    Endpointer.Settings endpointer,
    String publicBaseUrl) {}
