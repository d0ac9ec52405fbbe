package org.voicebot.testcalls.sim.dialplan;

/**
 * One priority of an extension: {@code exten => pattern,priority(label),App(appData)}.
 *
 * @param label   the {@code (label)} of the priority, or null
 * @param appData the raw application data, before variable substitution
 */
public record DialplanStep(String context, String pattern, int priority, String label, String app, String appData,
                           String file, int line) {

    /** {@code extensions.conf:12}. */
    public String where() {
        return file + ":" + line;
    }
}
