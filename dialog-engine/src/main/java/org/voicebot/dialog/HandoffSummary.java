package org.voicebot.dialog;

import java.util.List;

/**
 * The briefing a human agent gets before being bridged: short enough to be spoken in at most 20 s,
 * redacted, built from what happened in the call.
 *
 * @param text the whole briefing as one spoken paragraph
 * @param callerId who is calling
 * @param intent what they wanted (an intent name, or null when unknown)
 * @param reason why the call is coming to a person
 * @param frustration the frustration score at hand-over, 0..1
 * @param facts what the bot did and found, one short line each
 * @param nextStep a suggested next step for the agent
 */
public record HandoffSummary(
    String text,
    String callerId,
    String intent,
    TransferReason reason,
    double frustration,
    List<String> facts,
    String nextStep) {}
