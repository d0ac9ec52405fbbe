package org.voicebot.gateway.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.dialog.events.CallEvent;

/**
 * Every call's events in the order they were published: the spine that metrics, the HTTP API, the
 * live stream and the test-call runner read.
 *
 * <p>Thread-safe and cheap: {@link #publish} is called from event-loop threads; it holds a call's own
 * lock only to append one element and never waits on I/O. Listeners run synchronously on the
 * publisher's thread, after the event is stored, so they must be quick and must not block (hand work
 * off to a context if needed). A listener that throws is logged and does not affect the others. A
 * call's events are published from that call's one context, so every listener sees them in order.
 *
 * <p>Retention: at most {@code retainedFinishedCalls} finished calls are kept (the oldest finished is
 * evicted first); live calls are never evicted.
 */
public final class CallEventLog {

  public static final int DEFAULT_RETAINED_CALLS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(CallEventLog.class);

  /** A handle to stop listening. Closing twice is harmless. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final int retainedFinishedCalls;
  private final Clock clock;
  private final ConcurrentHashMap<String, CallState> calls = new ConcurrentHashMap<>();
  private final Queue<String> finishedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();

  public CallEventLog() {
    this(DEFAULT_RETAINED_CALLS, Clock.systemUTC());
  }

  /**
   * @param retainedFinishedCalls how many finished calls to keep (0 keeps none once they end)
   * @param clock gives the wall-clock start and end times of calls
   */
  public CallEventLog(int retainedFinishedCalls, Clock clock) {
    if (retainedFinishedCalls < 0) {
      throw new IllegalArgumentException("retainedFinishedCalls must be >= 0: " + retainedFinishedCalls);
    }
    this.retainedFinishedCalls = retainedFinishedCalls;
    this.clock = clock;
  }

  /** Stores the event, then hands it to every listener. */
  public void publish(CallEvent event) {
    CallState state = calls.computeIfAbsent(event.callId(),
        id -> new CallState(id, clock.instant(), sequence.incrementAndGet()));
    boolean justEnded = state.append(event, clock);
    if (justEnded) {
      finishedOrder.add(event.callId());
      if (finishedCount.incrementAndGet() > retainedFinishedCalls) {
        evictOldestFinished();
      }
    }
    for (Consumer<CallEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("event listener failed on {} of call {}", event.type().wire(), event.callId(), e);
      }
    }
  }

  /** The call's events in publication order; empty when the call is unknown (or evicted). */
  public List<CallEvent> events(String callId) {
    CallState state = calls.get(callId);
    return state == null ? List.of() : state.events();
  }

  public Optional<CallRecord> call(String callId) {
    CallState state = calls.get(callId);
    return state == null ? Optional.empty() : Optional.of(state.record());
  }

  /** Every retained call, newest (by first event) first. */
  public List<CallRecord> calls() {
    List<CallState> states = new ArrayList<>(calls.values());
    states.sort(Comparator.comparingLong((CallState s) -> s.seq).reversed());
    List<CallRecord> out = new ArrayList<>(states.size());
    for (CallState s : states) {
      out.add(s.record());
    }
    return out;
  }

  /** Calls that have not ended. */
  public int activeCalls() {
    int n = 0;
    for (CallState s : calls.values()) {
      if (s.isActive()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Adds a listener for every event published from now on.
   *
   * @return a handle whose {@code close()} removes the listener
   */
  public Subscription subscribe(Consumer<CallEvent> listener) {
    // Wrapped so that subscribing the same consumer twice gives two independent handles.
    Consumer<CallEvent> entry = listener::accept;
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  public int listenerCount() {
    return listeners.size();
  }

  private void evictOldestFinished() {
    while (finishedCount.get() > retainedFinishedCalls) {
      String oldest = finishedOrder.poll();
      if (oldest == null) {
        return;
      }
      finishedCount.decrementAndGet();
      calls.remove(oldest);
    }
  }

  /** One call: its events and the summary fields kept up to date as they arrive. */
  private static final class CallState {
    final String callId;
    final Instant started;
    final long seq;
    private final ArrayList<CallEvent> events = new ArrayList<>();
    private String callerId;
    private Instant ended;
    private String outcome;
    private double lastFrustration;
    private String transferReason;
    private String lastIntent;

    CallState(String callId, Instant started, long seq) {
      this.callId = callId;
      this.started = started;
      this.seq = seq;
    }

    /** @return true when this event ended the call (the first {@code call_ended}) */
    synchronized boolean append(CallEvent e, Clock clock) {
      events.add(e);
      switch (e.type()) {
        case CALL_STARTED -> callerId = e.text("caller_id");
        case FRUSTRATION -> {
          if (e.data().get("score") instanceof Number n) {
            lastFrustration = n.doubleValue();
          }
        }
        case TRANSFER -> transferReason = e.text("reason");
        case INTENT -> lastIntent = e.text("name");
        case CALL_ENDED -> {
          if (ended == null) {
            ended = clock.instant();
            outcome = e.text("outcome");
            return true;
          }
        }
        default -> {
          // nothing to summarise
        }
      }
      return false;
    }

    synchronized List<CallEvent> events() {
      return List.copyOf(events);
    }

    synchronized boolean isActive() {
      return ended == null;
    }

    synchronized CallRecord record() {
      return new CallRecord(callId, callerId, started, ended, outcome, lastFrustration, transferReason,
          lastIntent, events.size());
    }
  }
}
