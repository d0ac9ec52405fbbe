package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.util.props.ConfigurationManager;

/**
 * Access to a Sphinx4 {@link Context}'s components by name. The gateway's configuration defines one search
 * per grammar (main, request, digits), so {@code Context.getInstance(Recognizer.class)} (which wants exactly
 * one) cannot be used; Context keeps its configuration manager private (sphinx4-core 5prealpha, pinned).
 */
public final class SphinxContexts {
    private SphinxContexts() {
    }

    /** The configuration manager behind {@code context}. */
    public static ConfigurationManager configurationManager(Context context) {
        try {
            java.lang.reflect.Field f = Context.class.getDeclaredField("configurationManager");
            f.setAccessible(true);
            return (ConfigurationManager) f.get(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this sphinx4-core has no Context.configurationManager", e);
        }
    }
}
