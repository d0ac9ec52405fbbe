package org.voicebot.testcalls.sim.dialplan;

/** A dialplan file that cannot be loaded or an expression that cannot be evaluated; the message names file and line. */
public final class DialplanException extends RuntimeException {

    public DialplanException(String message) {
        super(message);
    }

    /** {@code extensions.conf:12: message}. */
    public static DialplanException at(String file, int line, String message) {
        return new DialplanException(file + ":" + line + ": " + message);
    }
}
