package org.voicebot.testcalls.sim;

import java.util.Map;

/**
 * How the caller channel left Stasis.
 *
 * @param context   where the dialplan goes on (CONTINUED), or where the channel was when it ended
 * @param variables channel variables at that moment (includes STASISSTATUS when Asterisk set it)
 */
public record DialplanExit(Reason reason, String context, String exten, int priority, Map<String, String> variables) {

    public enum Reason {
        /** {@code POST /channels/{id}/continue}, or Stasis() failed (no app) and the dialplan went on. */
        CONTINUED,
        /** {@code DELETE /channels/{id}} by the gateway. */
        HUNG_UP_BY_GATEWAY,
        /** The caller hung up. */
        CALLER_HANGUP
    }

    public DialplanExit {
        variables = Map.copyOf(variables);
    }

    public boolean continued() {
        return reason == Reason.CONTINUED;
    }

    /** STASISSTATUS as the dialplan would see it: SUCCESS, FAILED, or null. */
    public String stasisStatus() {
        return variables.get("STASISSTATUS");
    }
}
