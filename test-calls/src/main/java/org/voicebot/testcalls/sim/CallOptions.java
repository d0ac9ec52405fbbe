package org.voicebot.testcalls.sim;

import java.util.List;
import java.util.Objects;

/**
 * A caller whose Local channel ({@code Local/<exten>@<context>-N;2}) reaches {@code Stasis(app,args...)}
 * at {@code context,exten,priority}.
 *
 * @param answered true when the dialplan ran {@code Answer()} before {@code Stasis()} (state Up at
 *                 StasisStart, like the pre-existing [stasis] context); false gives state Ring (trace 01)
 */
public record CallOptions(String app, String callerNumber, String callerName, List<String> stasisArgs,
                          String context, String exten, int priority, boolean answered) {

    public CallOptions {
        Objects.requireNonNull(app, "app");
        callerNumber = callerNumber == null ? "" : callerNumber;
        callerName = callerName == null ? "" : callerName;
        stasisArgs = stasisArgs == null ? List.of() : List.copyOf(stasisArgs);
        context = context == null ? "voicebot" : context;
        exten = exten == null ? "100" : exten;
        if (priority < 1) {
            throw new IllegalArgumentException("priority must be >= 1");
        }
    }

    /** Context {@code voicebot}, exten {@code 100}, Stasis at priority 2, not answered before Stasis. */
    public CallOptions(String app, String callerNumber, String callerName, List<String> stasisArgs) {
        this(app, callerNumber, callerName, stasisArgs, "voicebot", "100", 2, false);
    }

    public CallOptions withDialplan(String newContext, String newExten, int newPriority) {
        return new CallOptions(app, callerNumber, callerName, stasisArgs, newContext, newExten, newPriority, answered);
    }

    public CallOptions withAnswered(boolean answeredBeforeStasis) {
        return new CallOptions(app, callerNumber, callerName, stasisArgs, context, exten, priority, answeredBeforeStasis);
    }

    /** {@code app,arg1,arg2}: the Stasis application data as the dialplan shows it. */
    public String appData() {
        return stasisArgs.isEmpty() ? app : app + "," + String.join(",", stasisArgs);
    }
}
