package org.voicebot.testcalls.sim;

/** A queued or playing {@code POST .../play}. No audio is produced; it only takes time. */
final class SimPlayback {
    final String id;
    final String mediaUri;
    final String targetUri;
    final String app;
    long timerId = -1;
    boolean finished;
    SimChannel channel;
    SimBridge bridge;

    SimPlayback(String id, String mediaUri, String targetUri, String app) {
        this.id = id;
        this.mediaUri = mediaUri;
        this.targetUri = targetUri;
        this.app = app;
    }
}
