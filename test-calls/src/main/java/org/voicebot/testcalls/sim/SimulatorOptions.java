package org.voicebot.testcalls.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the simulated Asterisk listens for ARI and which credentials it accepts (ari.conf user).
 *
 * @param partialFrameTimeout how long an incomplete AudioSocket frame from the gateway may wait for its
 *                            remaining bytes before the channel is hung up (res_audiosocket polls 5 ms)
 * @param leakGrace           how long after a caller left Stasis its externalMedia channel and bridge may
 *                            still exist before {@link SimulatedCall#protocolErrors()} reports a leak
 * @param defaultPlaybackDuration how long a {@code POST .../play} of a sound lasts (no real audio is played)
 * @param mediaStartOrder     whether an externalMedia channel's StasisStart comes before or after the REST reply
 */
public record SimulatorOptions(String host, int ariPort, String username, String password,
                               Duration partialFrameTimeout, Duration leakGrace,
                               Duration defaultPlaybackDuration, MediaStartOrder mediaStartOrder) {

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (ariPort < 0 || ariPort > 65535) {
            throw new IllegalArgumentException("ariPort out of range: " + ariPort);
        }
        partialFrameTimeout = partialFrameTimeout == null ? Duration.ofMillis(5) : partialFrameTimeout;
        leakGrace = leakGrace == null ? Duration.ofSeconds(2) : leakGrace;
        defaultPlaybackDuration = defaultPlaybackDuration == null ? Duration.ofMillis(1400) : defaultPlaybackDuration;
        mediaStartOrder = mediaStartOrder == null ? MediaStartOrder.asTraced() : mediaStartOrder;
    }

    public SimulatorOptions(String host, int ariPort, String username, String password) {
        this(host, ariPort, username, password, null, null, null, null);
    }

    /** 127.0.0.1, ephemeral port, voicebot/voicebot. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, "voicebot", "voicebot");
    }

    public SimulatorOptions withAriPort(int port) {
        return new SimulatorOptions(host, port, username, password, partialFrameTimeout, leakGrace, defaultPlaybackDuration, mediaStartOrder);
    }

    public SimulatorOptions withCredentials(String user, String pass) {
        return new SimulatorOptions(host, ariPort, user, pass, partialFrameTimeout, leakGrace, defaultPlaybackDuration, mediaStartOrder);
    }

    public SimulatorOptions withPartialFrameTimeout(Duration timeout) {
        return new SimulatorOptions(host, ariPort, username, password, timeout, leakGrace, defaultPlaybackDuration, mediaStartOrder);
    }

    public SimulatorOptions withLeakGrace(Duration grace) {
        return new SimulatorOptions(host, ariPort, username, password, partialFrameTimeout, grace, defaultPlaybackDuration, mediaStartOrder);
    }

    public SimulatorOptions withDefaultPlaybackDuration(Duration d) {
        return new SimulatorOptions(host, ariPort, username, password, partialFrameTimeout, leakGrace, d, mediaStartOrder);
    }

    public SimulatorOptions withMediaStartOrder(MediaStartOrder order) {
        return new SimulatorOptions(host, ariPort, username, password, partialFrameTimeout, leakGrace,
                defaultPlaybackDuration, order);
    }

    @Override
    public String toString() {
        return "SimulatorOptions[host=" + host + ", ariPort=" + ariPort + ", username=" + username
                + ", password=***, partialFrameTimeout=" + partialFrameTimeout + ", leakGrace=" + leakGrace
                + ", defaultPlaybackDuration=" + defaultPlaybackDuration + ", mediaStartOrder=" + mediaStartOrder + "]";
    }
}
