package org.voicebot.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;

class CallEventLogTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);

  private static void fullCall(CallEventLog log, String id) {
    log.publish(CallEvent.of(id, 0, EventType.CALL_STARTED, "caller_id", "+15550001111"));
    log.publish(CallEvent.of(id, 100, EventType.INTENT, "name", "check_balance", "confidence", 0.9));
    log.publish(CallEvent.of(id, 200, EventType.FRUSTRATION, "score", 0.8, "cues", List.of("asked_for_agent")));
    log.publish(CallEvent.of(id, 300, EventType.TRANSFER, "queue", "agents", "reason", "frustration", "summary", "s"));
    log.publish(CallEvent.of(id, 400, EventType.CALL_ENDED, "outcome", "transferred"));
  }

  @Test
  void keepsEachCallsEventsInOrderAndSummarisesTheCall() {
    CallEventLog log = new CallEventLog(10, CLOCK);
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED, "caller_id", "+15550001111"));
    log.publish(CallEvent.of("b", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("a", 50, EventType.BOT_UTTERANCE_STARTED, "text", "hello"));
    log.publish(CallEvent.of("a", 40, EventType.CALLER_SPEECH_STARTED)); // published later, kept later
    log.publish(CallEvent.of("a", 900, EventType.CALL_ENDED, "outcome", "resolved"));

    assertThat(log.events("a")).extracting(CallEvent::type).containsExactly(
        EventType.CALL_STARTED, EventType.BOT_UTTERANCE_STARTED, EventType.CALLER_SPEECH_STARTED, EventType.CALL_ENDED);
    assertThat(log.events("b")).hasSize(1);
    assertThat(log.events("nobody")).isEmpty();

    CallRecord a = log.call("a").orElseThrow();
    assertThat(a.callerId()).isEqualTo("+15550001111");
    assertThat(a.active()).isFalse();
    assertThat(a.outcome()).isEqualTo("resolved");
    assertThat(a.started()).isEqualTo(CLOCK.instant());
    assertThat(a.ended()).isEqualTo(CLOCK.instant());
    assertThat(a.eventCount()).isEqualTo(4);
    assertThat(log.call("b").orElseThrow().active()).isTrue();
    assertThat(log.activeCalls()).isEqualTo(1);
    // newest first
    assertThat(log.calls()).extracting(CallRecord::callId).containsExactly("b", "a");
  }

  @Test
  void recordsFrustrationTransferReasonAndIntent() {
    CallEventLog log = new CallEventLog(10, CLOCK);
    fullCall(log, "x");
    CallRecord x = log.call("x").orElseThrow();
    assertThat(x.lastFrustration()).isEqualTo(0.8);
    assertThat(x.transferReason()).isEqualTo("frustration");
    assertThat(x.lastIntent()).isEqualTo("check_balance");
    assertThat(x.outcome()).isEqualTo("transferred");
  }

  @Test
  void keepsAtMostNFinishedCallsAndNeverEvictsLiveOnes() {
    CallEventLog log = new CallEventLog(3, CLOCK);
    log.publish(CallEvent.of("live-1", 0, EventType.CALL_STARTED));
    for (int i = 0; i < 10; i++) {
      fullCall(log, "done-" + i);
    }
    log.publish(CallEvent.of("live-2", 0, EventType.CALL_STARTED));
    // A second call_ended does not count the call twice towards retention.
    log.publish(CallEvent.of("done-9", 500, EventType.CALL_ENDED, "outcome", "transferred"));

    assertThat(log.calls()).extracting(CallRecord::callId)
        .containsExactly("live-2", "done-9", "done-8", "done-7", "live-1");
    assertThat(log.events("done-0")).isEmpty();
    assertThat(log.call("done-6")).isEmpty();
    assertThat(log.events("live-1")).hasSize(1);
  }

  @Test
  void retentionZeroDropsCallsAsSoonAsTheyEnd() {
    CallEventLog log = new CallEventLog(0, CLOCK);
    List<CallEvent> seen = new ArrayList<>();
    log.subscribe(seen::add);
    fullCall(log, "a");
    assertThat(log.calls()).isEmpty();
    assertThat(seen).hasSize(5); // listeners still saw every event
  }

  @Test
  void listenersSeeEventsUntilTheyUnsubscribe() {
    CallEventLog log = new CallEventLog(10, CLOCK);
    List<CallEvent> first = new ArrayList<>();
    List<CallEvent> second = new ArrayList<>();
    CallEventLog.Subscription s1 = log.subscribe(first::add);
    log.subscribe(second::add);
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    s1.close();
    s1.close(); // harmless
    log.publish(CallEvent.of("a", 10, EventType.DTMF, "digit", "0"));

    assertThat(first).extracting(CallEvent::type).containsExactly(EventType.CALL_STARTED);
    assertThat(second).extracting(CallEvent::type).containsExactly(EventType.CALL_STARTED, EventType.DTMF);
    assertThat(log.listenerCount()).isEqualTo(1);
  }

  @Test
  void aFailingListenerDoesNotStopTheOthersNorThePublisher() {
    CallEventLog log = new CallEventLog(10, CLOCK);
    AtomicInteger after = new AtomicInteger();
    log.subscribe(e -> {
      throw new IllegalStateException("boom");
    });
    log.subscribe(e -> after.incrementAndGet());
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    assertThat(after).hasValue(1);
    assertThat(log.events("a")).hasSize(1);
  }

  @Test
  void concurrentPublishersFromFourThreadsLoseNothing() throws Exception {
    CallEventLog log = new CallEventLog(10_000, Clock.systemUTC());
    AtomicInteger heard = new AtomicInteger();
    log.subscribe(e -> heard.incrementAndGet());
    int threads = 4;
    int callsPerThread = 50;
    int eventsPerCall = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.submit(() -> {
        try {
          start.await();
          // Interleave: one event of each call in turn, so that the threads contend on the map.
          for (int e = 0; e < eventsPerCall; e++) {
            for (int c = 0; c < callsPerThread; c++) {
              String id = "t" + thread + "-c" + c;
              EventType type = e == 0 ? EventType.CALL_STARTED
                  : e == eventsPerCall - 1 ? EventType.CALL_ENDED : EventType.TRANSCRIPT;
              log.publish(CallEvent.of(id, e, type, "seq", e));
            }
            // and a shared call that every thread writes to
            log.publish(CallEvent.of("shared", e, EventType.DTMF, "thread", thread, "seq", e));
          }
        } catch (Throwable x) {
          errors.add(x);
        }
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();

    int total = threads * (callsPerThread * eventsPerCall + eventsPerCall);
    assertThat(heard).hasValue(total);
    assertThat(log.calls()).hasSize(threads * callsPerThread + 1);
    for (int t = 0; t < threads; t++) {
      for (int c = 0; c < callsPerThread; c++) {
        List<CallEvent> events = log.events("t" + t + "-c" + c);
        assertThat(events).hasSize(eventsPerCall);
        assertThat(events).extracting(CallEvent::tMs).isSorted();
      }
    }
    List<CallEvent> shared = log.events("shared");
    assertThat(shared).hasSize(threads * eventsPerCall);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      // each thread's own events stay in its order
      assertThat(shared.stream().filter(e -> e.data().get("thread").equals(thread)).map(CallEvent::tMs).toList())
          .isSorted().hasSize(eventsPerCall);
    }
    assertThat(log.activeCalls()).isEqualTo(1);
  }
}
