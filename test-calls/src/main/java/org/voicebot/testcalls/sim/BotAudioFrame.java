package org.voicebot.testcalls.sim;

/** One 0x10 frame the gateway wrote on the AudioSocket, stamped with {@link System#nanoTime()} on arrival. */
public record BotAudioFrame(long nanos, byte[] pcm) {
    public BotAudioFrame {
        pcm = pcm.clone();
    }

    @Override
    public byte[] pcm() {
        return pcm.clone();
    }

    public int length() {
        return pcm.length;
    }
}
