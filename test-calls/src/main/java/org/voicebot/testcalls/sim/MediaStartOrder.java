package org.voicebot.testcalls.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * When Asterisk's dial thread for an {@code externalMedia} channel runs relative to the REST reply.
 * res/ari/resource_channels.c ({@code ari_channels_handle_originate_with_id}) connects the TCP socket
 * ({@code ast_dial_prerun}, so "nothing listening" is a 500), starts a detached thread that dials
 * ({@code audiosocket_call} writes the UUID frame), answers and runs {@code Stasis(app,uuid)}, and
 * answers 200 as soon as that thread is started. The capture (trace 03) saw the events first; a
 * loaded Asterisk, or several calls starting at once, sends the 200 first and StasisStart later:
 * until then addChannel on the new channel is a 422 "Channel not in Stasis application".
 *
 * @param mode     which comes first
 * @param maxDelay REPLY_FIRST: how long after the reply the UUID frame and the Dial events come, and as
 *                 long again until StasisStart; RANDOM: the upper bound of both delays
 * @param seed     RANDOM: the seed of the simulator's choices (same requests in the same order, same orderings)
 */
public record MediaStartOrder(Mode mode, Duration maxDelay, long seed) {

    public enum Mode {
        /** Trace 03: UUID frame, Dial, ChannelStateChange, Dial ANSWER, STASISSTATUS, StasisStart, then the 200. */
        EVENTS_FIRST,
        /** The 200 first, the UUID frame and Dial events {@code maxDelay} later, StasisStart {@code maxDelay} after that. */
        REPLY_FIRST,
        /** Per externalMedia request, seeded: events first, or the reply first with random delays up to {@code maxDelay}. */
        RANDOM
    }

    public MediaStartOrder {
        Objects.requireNonNull(mode, "mode");
        maxDelay = maxDelay == null ? Duration.ZERO : maxDelay;
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
        }
    }

    /** As traced (the default): everything before the reply. */
    public static MediaStartOrder asTraced() {
        return new MediaStartOrder(Mode.EVENTS_FIRST, Duration.ZERO, 0);
    }

    public static MediaStartOrder replyFirst(Duration delay) {
        return new MediaStartOrder(Mode.REPLY_FIRST, delay, 0);
    }

    public static MediaStartOrder random(long seed, Duration maxDelay) {
        return new MediaStartOrder(Mode.RANDOM, maxDelay, seed);
    }

    /** One request's timing: {@code dialMs} after the reply the UUID frame and Dial events, {@code stasisMs} later StasisStart. */
    record Plan(boolean eventsFirst, long dialMs, long stasisMs) {}

    /** The next request's timing; {@code random} is the simulator's own (seeded), used on its event loop only. */
    Plan next(Random random) {
        long max = maxDelay.toMillis();
        return switch (mode) {
            case EVENTS_FIRST -> new Plan(true, 0, 0);
            case REPLY_FIRST -> new Plan(false, max, max);
            case RANDOM -> random.nextBoolean() ? new Plan(true, 0, 0)
                    : new Plan(false, max == 0 ? 0 : random.nextLong(max + 1), max == 0 ? 0 : random.nextLong(max + 1));
        };
    }
}
