package org.voicebot.testcalls.sim;

/**
 * The first place a dialplan call settles: it reached a Queue, it reached VoiceMail, or it ended.
 *
 * @param detail queue name, voicemail box, or null when ENDED
 * @param end    set when ENDED
 */
public record DialplanOutcome(Kind kind, String detail, CallEnd end) {

    public enum Kind { QUEUE, VOICEMAIL, ENDED }
}
