package org.voicebot.gateway.media;

import java.util.ArrayDeque;

/**
 * The bot's side of the line, one frame per 20 ms tick: the next frame of the current utterance, or
 * silence when the bot has nothing to say (the AudioSocket app hangs up after 2 s with no activity).
 * Nothing is written ahead of the clock, so an interruption stops the audio at the next tick.
 * Not thread-safe: driven by its call's clock on the call's context.
 */
public final class Playout {

  /** One thing the bot says, already rendered to 8 kHz samples. */
  public record Utterance(long id, String text, short[] pcm, boolean bargeIn) {}

  /** Told when an utterance's first frame goes out and when its last frame (or an interruption) ends it. */
  public interface Listener {
    void started(Utterance u);

    void finished(Utterance u, boolean interrupted);
  }

  private static final int FRAME_SAMPLES = 160;
  private static final byte[] SILENCE = new byte[FRAME_SAMPLES * 2];

  private final ArrayDeque<Utterance> queue = new ArrayDeque<>();
  private final Listener listener;
  private Utterance current;
  private int position;

  public Playout(Listener listener) {
    this.listener = listener;
  }

  public void enqueue(Utterance u) {
    queue.addLast(u);
  }

  /** True while an utterance is playing or waiting to play. */
  public boolean busy() {
    return current != null || !queue.isEmpty();
  }

  /** True when what is playing now may be interrupted by the caller. */
  public boolean interruptible() {
    return current != null ? current.bargeIn() : queue.isEmpty() || queue.peekFirst().bargeIn();
  }

  public Utterance current() {
    return current;
  }

  /** Barge-in: stop the current utterance at once and drop everything queued. */
  public void interrupt() {
    Utterance was = current;
    current = null;
    queue.clear();
    if (was != null) {
      listener.finished(was, true);
    }
  }

  /** Produces the frame for this tick. */
  public byte[] nextFrame() {
    if (current == null) {
      current = queue.pollFirst();
      position = 0;
      if (current == null) {
        return SILENCE;
      }
      listener.started(current);
    }
    short[] pcm = current.pcm();
    byte[] frame = new byte[FRAME_SAMPLES * 2];
    int n = Math.min(FRAME_SAMPLES, pcm.length - position);
    for (int i = 0; i < n; i++) {
      short v = pcm[position + i];
      frame[2 * i] = (byte) v;
      frame[2 * i + 1] = (byte) (v >> 8);
    }
    position += n;
    if (position >= pcm.length) {
      Utterance done = current;
      current = null;
      listener.finished(done, false);
    }
    return frame;
  }
}
