package org.voicebot.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.events.CallEventLog;

class CallMetricsTest {

  private PrometheusMeterRegistry registry;
  private CallEventLog log;
  private CallMetrics metrics;

  @BeforeEach
  void setUp() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    log = new CallEventLog();
    metrics = new CallMetrics(registry, log);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double counter(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  @Test
  void countsCallsByOutcomeAndTracksActiveCalls() {
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED, "caller_id", "+15550001111"));
    log.publish(CallEvent.of("b", 0, EventType.CALL_STARTED));
    assertThat(gauge("voicebot.calls.active")).isEqualTo(2);

    log.publish(CallEvent.of("a", 5000, EventType.CALL_ENDED, "outcome", "resolved"));
    log.publish(CallEvent.of("a", 5001, EventType.CALL_ENDED, "outcome", "resolved")); // duplicate ignored
    assertThat(gauge("voicebot.calls.active")).isEqualTo(1);
    assertThat(counter("voicebot.calls", "outcome", "resolved")).isEqualTo(1);
    assertThat(counter("voicebot.calls", "outcome", "abandoned")).isZero();

    log.publish(CallEvent.of("b", 9000, EventType.CALL_ENDED, "outcome", "+15550001111 hung up"));
    assertThat(counter("voicebot.calls", "outcome", "other")).isEqualTo(1);
    assertThat(gauge("voicebot.calls.active")).isZero();
  }

  @Test
  void aSpokenTurnsLatencyStartsAtTheCallersLastSoundNotAtTheEndOfTheSilence() {
    log.publish(CallEvent.of("s", 0, EventType.CALL_STARTED));
    // the endpointer waited 700 ms after the last sounding frame (2300) before it ended the turn (3000)
    log.publish(CallEvent.of("s", 3000, EventType.CALLER_SPEECH_ENDED, "duration_ms", 1500, "end_silence_ms", 700,
        "turn", "open", "speech_end_ms", 2300L));
    log.publish(CallEvent.of("s", 3400, EventType.BOT_UTTERANCE_STARTED, "text", "sure"));
    Timer t = registry.get("voicebot.response.latency").timer();
    assertThat(t.count()).isEqualTo(1);
    assertThat(t.totalTime(TimeUnit.MILLISECONDS)).as("what the caller waited").isEqualTo(1100);
  }

  @Test
  void responseLatencyRunsFromTheEndOfTheCallersTurnToTheNextBotUtterance() {
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("a", 100, EventType.BOT_UTTERANCE_STARTED, "text", "hello")); // no caller turn yet
    log.publish(CallEvent.of("a", 3000, EventType.CALLER_SPEECH_ENDED));
    log.publish(CallEvent.of("a", 3800, EventType.BOT_UTTERANCE_STARTED, "text", "sure"));
    log.publish(CallEvent.of("a", 5000, EventType.DTMF, "digit", "4"));
    log.publish(CallEvent.of("a", 5150, EventType.DTMF, "digit", "#")); // the last DTMF counts
    log.publish(CallEvent.of("b", 5200, EventType.CALLER_SPEECH_ENDED)); // another call does not interfere
    log.publish(CallEvent.of("a", 5450, EventType.BOT_UTTERANCE_STARTED, "text", "thanks"));
    log.publish(CallEvent.of("a", 6000, EventType.BOT_UTTERANCE_STARTED, "text", "anything else?")); // no new turn

    Timer t = registry.get("voicebot.response.latency").timer();
    assertThat(t.count()).isEqualTo(2);
    assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(800 + 300);
    assertThat(t.max(TimeUnit.MILLISECONDS)).isEqualTo(800);
  }

  @Test
  void playoutUnderrunsAreSummedFromEachEndedCallByKind() {
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("b", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("a", 900, EventType.CALL_ENDED, "outcome", "resolved", "playout_underruns", 1L,
        "playout_gap_frames", 7L));
    log.publish(CallEvent.of("a", 901, EventType.CALL_ENDED, "outcome", "resolved", "playout_underruns", 1L,
        "playout_gap_frames", 7L)); // duplicate ignored
    log.publish(CallEvent.of("b", 950, EventType.CALL_ENDED, "outcome", "abandoned", "playout_gap_frames", 2L));

    assertThat(counter("voicebot.playout.underruns", "kind", "synthesis_gap")).isEqualTo(9);
    assertThat(counter("voicebot.playout.underruns", "kind", "clock_late")).isEqualTo(1);
    assertThat(metrics.playoutUnderruns()).isEqualTo(new CallMetrics.Underruns(9, 1));
    assertThat(metrics.playoutUnderruns().total()).isEqualTo(10);
    assertThat(registry.scrape()).contains("voicebot_playout_underruns_total{kind=\"synthesis_gap\"} 9.0");
  }

  @Test
  void bargeInsTransfersAndFrustration() {
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("a", 10, EventType.BOT_UTTERANCE_FINISHED, "text", "x", "interrupted", true));
    log.publish(CallEvent.of("a", 20, EventType.BOT_UTTERANCE_FINISHED, "text", "y", "interrupted", false));
    log.publish(CallEvent.of("a", 30, EventType.FRUSTRATION, "score", 0.4, "cues", List.of()));
    log.publish(CallEvent.of("a", 40, EventType.FRUSTRATION, "score", 0.85, "cues", List.of("raised_voice")));
    log.publish(CallEvent.of("a", 50, EventType.TRANSFER, "queue", "agents", "reason", "frustration", "summary", "…"));
    log.publish(CallEvent.of("a", 60, EventType.CALL_ENDED, "outcome", "transferred"));

    assertThat(registry.get("voicebot.barge.ins").counter().count()).isEqualTo(1);
    assertThat(counter("voicebot.transfers", "reason", "frustration")).isEqualTo(1);
    assertThat(counter("voicebot.transfers", "reason", "caller_request")).isZero();
    assertThat(registry.get("voicebot.frustration.score").summary().count()).isEqualTo(1);
    assertThat(registry.get("voicebot.frustration.score").summary().totalAmount()).isEqualTo(0.85);
    assertThat(counter("voicebot.events", "type", "frustration")).isEqualTo(2);
  }

  @Test
  void prometheusTextHasTheExpectedNamesAndNoPersonalData() {
    log.publish(CallEvent.of("call-secret-id", 0, EventType.CALL_STARTED, "caller_id", "+15550001111"));
    log.publish(CallEvent.of("call-secret-id", 10, EventType.TRANSCRIPT, "text", "my name is Alice", "final", true));
    log.publish(CallEvent.of("call-secret-id", 20, EventType.CALLER_SPEECH_ENDED));
    log.publish(CallEvent.of("call-secret-id", 420, EventType.BOT_UTTERANCE_STARTED, "text", "hello Alice"));
    log.publish(CallEvent.of("call-secret-id", 500, EventType.TRANSFER, "reason", "caller_request", "queue", "q"));
    log.publish(CallEvent.of("call-secret-id", 600, EventType.CALL_ENDED, "outcome", "transferred"));

    String text = registry.scrape();
    assertThat(text)
        .contains("voicebot_calls_active 0")
        .contains("voicebot_calls_total{outcome=\"transferred\"} 1")
        .contains("voicebot_transfers_total{reason=\"caller_request\"} 1")
        .contains("voicebot_response_latency_seconds_bucket{le=\"0.5\"} 1")
        .contains("voicebot_response_latency_seconds_count 1")
        .contains("voicebot_barge_ins_total 0")
        .contains("voicebot_frustration_score_count 1")
        .doesNotContain("Alice").doesNotContain("5550001111").doesNotContain("call-secret-id");
  }

  @Test
  void closeStopsListening() {
    metrics.close();
    log.publish(CallEvent.of("a", 0, EventType.CALL_STARTED));
    assertThat(gauge("voicebot.calls.active")).isZero();
  }

  @Test
  void jvmMetricsAreBound() {
    PrometheusMeterRegistry r = JvmMetrics.newPrometheusRegistry();
    assertThat(r.scrape()).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads")
        .contains("jvm_gc_");
    // Binding again (as a server might) returns the same binding instead of a second GC listener.
    assertThat(JvmMetrics.bindTo(r)).isSameAs(JvmMetrics.bindTo(r));
  }
}
