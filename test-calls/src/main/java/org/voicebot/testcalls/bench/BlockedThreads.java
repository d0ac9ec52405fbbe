package org.voicebot.testcalls.bench;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts Vert.x blocked-thread warnings (an event loop or worker held past its limit). Takes over the
 * checker's handler and logs each warning itself, as Vert.x would, so none goes unseen.
 */
public final class BlockedThreads {

  private static final Logger log = LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
  private final AtomicLong warnings = new AtomicLong();

  private BlockedThreads() {}

  public static BlockedThreads watch(Vertx vertx) {
    BlockedThreads b = new BlockedThreads();
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(ev -> {
      b.warnings.incrementAndGet();
      String msg = "Thread " + ev.thread().getName() + " has been blocked for " + ev.duration() / 1_000_000
          + " ms, time limit is " + ev.maxExecTime() / 1_000_000 + " ms (counted as a failure by the benchmark)";
      // Always with the thread's stack: the one place a reader can see which handler held the loop
      // (the simulator and the callers share this Vert.x with the gateway).
      Exception where = new Exception("where the blocked thread is now");
      where.setStackTrace(ev.thread().getStackTrace());
      log.warn(msg, where);
    });
    return b;
  }

  public long count() {
    return warnings.get();
  }
}
