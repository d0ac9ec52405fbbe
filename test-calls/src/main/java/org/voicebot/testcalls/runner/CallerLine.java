package org.voicebot.testcalls.runner;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The caller's side of the line: one 20 ms frame at real-time pace, speech when the script says
 * something, zeros otherwise (as a phone line carries). The schedule corrects itself for timer jitter.
 */
final class CallerLine {

  private static final int FRAME_SAMPLES = 160;
  private static final byte[] SILENCE = new byte[FRAME_SAMPLES * 2];

  private final Vertx vertx;
  private final Consumer<byte[]> sink;
  private final ArrayDeque<byte[]> speech = new ArrayDeque<>();
  private CompletableFuture<long[]> speaking;
  private long speechFirstFrameNanos;
  private long timer = -1;
  private long startNanos;
  private long sent;

  CallerLine(Vertx vertx, Consumer<byte[]> sink) {
    this.vertx = vertx;
    this.sink = sink;
  }

  synchronized void start() {
    startNanos = System.nanoTime();
    timer = vertx.setPeriodic(10, id -> tick());
  }

  synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (speaking != null) {
      speaking.complete(new long[] {speechFirstFrameNanos, System.nanoTime()});
      speaking = null;
    }
  }

  /**
   * Queues caller speech; the future completes with {first frame sent, last frame sent} nanos once all
   * of it has gone out.
   */
  synchronized CompletableFuture<long[]> speak(short[] pcm) {
    if (speaking != null) {
      throw new IllegalStateException("the caller is already speaking");
    }
    for (int off = 0; off < pcm.length; off += FRAME_SAMPLES) {
      byte[] frame = new byte[FRAME_SAMPLES * 2];
      int n = Math.min(FRAME_SAMPLES, pcm.length - off);
      for (int i = 0; i < n; i++) {
        frame[2 * i] = (byte) pcm[off + i];
        frame[2 * i + 1] = (byte) (pcm[off + i] >> 8);
      }
      speech.add(frame);
    }
    speaking = new CompletableFuture<>();
    speechFirstFrameNanos = -1;
    return speaking;
  }

  private synchronized void tick() {
    long due = (System.nanoTime() - startNanos) / 20_000_000L + 1 - sent;
    if (due > 3) {
      sent += due - 3;
      due = 3;
    }
    for (long i = 0; i < due; i++) {
      byte[] frame = speech.pollFirst();
      if (frame != null && speechFirstFrameNanos < 0) {
        speechFirstFrameNanos = System.nanoTime();
      }
      sink.accept(frame == null ? SILENCE : frame);
      sent++;
      if (frame != null && speech.isEmpty() && speaking != null) {
        CompletableFuture<long[]> done = speaking;
        speaking = null;
        done.complete(new long[] {speechFirstFrameNanos, System.nanoTime()});
      }
    }
  }
}
