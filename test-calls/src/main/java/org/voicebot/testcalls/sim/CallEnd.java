package org.voicebot.testcalls.sim;

import java.util.Map;

/**
 * How a call placed through the dialplan ended.
 *
 * @param context  where the caller channel was when it was hung up (before the {@code h} extension ran)
 * @param app      the application running then (e.g. {@code Hangup}, {@code AGI}, {@code Queue})
 * @param reason   readable detail, e.g. "Hangup()", "caller hung up", "AudioSocket failed: ..."
 * @param variables channel variables once the {@code h} extension (if any) finished
 */
public record CallEnd(HungUpBy by, String context, String exten, int priority, String app, String reason,
                      Map<String, String> variables) {

    public enum HungUpBy {
        /** The caller hung up. */
        CALLER,
        /** {@code Hangup()} or the dialplan ran out of priorities. */
        DIALPLAN,
        /** An application returned -1 (AudioSocket failure, Queue after the agent hung up, ...). */
        APPLICATION,
        /** The gateway: ARI {@code DELETE /channels/{id}} or the AGI {@code HANGUP} command. */
        GATEWAY,
        /** The simulated agent hung up the bridged call (Queue without the {@code c} option). */
        AGENT,
        /** Something the simulator does not simulate or a dialplan error (see protocol errors). */
        PROTOCOL_ERROR
    }

    public CallEnd {
        variables = Map.copyOf(variables);
    }

    /** {@code 500@from-phones:3}. */
    public String where() {
        return exten + "@" + context + ":" + priority;
    }
}
