package org.voicebot.testcalls.sim.dialplan;

/** Where {@link Expressions} looks up {@code ${NAME}} and {@code ${FUNC(args)}} values. */
public interface VariableSource {

    /** The value of a variable, or null when unset (substituted as empty). */
    String variable(String name);

    /**
     * The value of a dialplan function such as {@code CALLERID(num)}, with {@code args} already substituted.
     * Throw {@link DialplanException} for a function that is not simulated.
     */
    String function(String name, String args);
}
