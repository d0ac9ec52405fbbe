package org.voicebot.gateway.asr;

/**
 * What an engine gives beyond a final transcript.
 *
 * @param partials    partial transcripts while the caller speaks
 * @param wordTimings start and end of each word in the final transcript
 * @param streaming   decodes while audio arrives (else it buffers and decodes at the end of the utterance)
 */
public record RecognizerCapabilities(boolean partials, boolean wordTimings, boolean streaming) {}
