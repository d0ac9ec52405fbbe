package org.voicebot.gateway.media;

import java.util.ArrayDeque;

/**
 * The bot's side of the line, one frame per 20 ms tick: the next frame of the current utterance, or
 * silence when the bot has nothing to say (the AudioSocket app hangs up after 2 s with no activity).
 * Nothing is written ahead of the clock, so an interruption stops the audio at the next tick.
 *
 * <p>An utterance may still be growing while it plays (sentence streaming: its first sentence is
 * appended as soon as it is synthesized, the rest as they come). When the audio appended so far has
 * run out before the utterance is {@linkplain Utterance#complete() complete}, the line carries silence
 * until more arrives (counted in {@link #gapFrames()}). Not thread-safe: driven by its call's clock on
 * the call's context.
 */
public final class Playout {

  /** One thing the bot says, rendered to 8 kHz samples, possibly sentence by sentence. */
  public static final class Utterance {
    private final long id;
    private final String text;
    private final boolean bargeIn;
    private final ArrayDeque<short[]> chunks = new ArrayDeque<>();
    private boolean complete;
    private int samples;
    private int gapFrames;
    private int lateFrames;

    /** An utterance whose audio will be {@linkplain #append appended}, then {@linkplain #complete completed}. */
    public Utterance(long id, String text, boolean bargeIn) {
      this.id = id;
      this.text = text;
      this.bargeIn = bargeIn;
    }

    /** An utterance whose whole audio is known now. */
    public static Utterance of(long id, String text, short[] pcm, boolean bargeIn) {
      Utterance u = new Utterance(id, text, bargeIn);
      u.append(pcm);
      u.complete();
      return u;
    }

    public long id() {
      return id;
    }

    public String text() {
      return text;
    }

    public boolean bargeIn() {
      return bargeIn;
    }

    /** Appends more audio; ignored once complete. */
    public void append(short[] pcm) {
      if (!complete && pcm.length > 0) {
        chunks.addLast(pcm);
        samples += pcm.length;
      }
    }

    /** No more audio will come: the utterance ends when what it has is played. */
    public void complete() {
      complete = true;
    }

    public boolean isComplete() {
      return complete;
    }

    /** Samples appended so far (played or not). */
    public int samples() {
      return samples;
    }

    boolean hasAudio() {
      return !chunks.isEmpty();
    }

    /** Ticks of silence inside this utterance: its next sentence was not synthesized yet. */
    public int gapFrames() {
      return gapFrames;
    }

    /** Frames of time the call's clock skipped (its loop was late) while this utterance played. */
    public int lateFrames() {
      return lateFrames;
    }
  }

  /** Told when an utterance's first frame goes out and when its last frame (or an interruption) ends it. */
  public interface Listener {
    void started(Utterance u);

    void finished(Utterance u, boolean interrupted);
  }

  public static final int FRAME_SAMPLES = 160;
  private static final byte[] SILENCE = new byte[FRAME_SAMPLES * 2];

  private final ArrayDeque<Utterance> queue = new ArrayDeque<>();
  private final Listener listener;
  private Utterance current;
  private int position;
  private long gapFrames;

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

  /** The call's clock skipped {@code frames} frames of time: the line carried nothing from what is playing. */
  public void clockSkipped(long frames) {
    if (current != null && frames > 0) {
      current.lateFrames += (int) Math.min(Integer.MAX_VALUE - current.lateFrames, frames);
    }
  }

  /** Frames of silence sent inside an utterance because its next sentence was not synthesized yet. */
  public long gapFrames() {
    return gapFrames;
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
      Utterance next = queue.peekFirst();
      if (next == null) {
        return SILENCE;
      }
      if (!next.hasAudio()) {
        if (!next.isComplete()) {
          return SILENCE; // its first sentence is still being synthesized
        }
        queue.pollFirst(); // nothing to say after all (its synthesis failed before any audio)
        return nextFrame();
      }
      current = queue.pollFirst();
      position = 0;
      listener.started(current);
    }
    if (!current.hasAudio()) {
      if (current.isComplete()) {
        finishCurrent();
        return nextFrame();
      }
      gapFrames++;
      current.gapFrames++;
      return SILENCE;
    }
    byte[] frame = new byte[FRAME_SAMPLES * 2];
    int filled = 0;
    while (filled < FRAME_SAMPLES && current.hasAudio()) {
      short[] pcm = current.chunks.peekFirst();
      int n = Math.min(FRAME_SAMPLES - filled, pcm.length - position);
      for (int i = 0; i < n; i++) {
        short v = pcm[position + i];
        frame[2 * (filled + i)] = (byte) v;
        frame[2 * (filled + i) + 1] = (byte) (v >> 8);
      }
      filled += n;
      position += n;
      if (position >= pcm.length) {
        current.chunks.pollFirst();
        position = 0;
      }
    }
    if (!current.hasAudio() && current.isComplete()) {
      finishCurrent();
    }
    return frame;
  }

  private void finishCurrent() {
    Utterance done = current;
    current = null;
    listener.finished(done, false);
  }
}
