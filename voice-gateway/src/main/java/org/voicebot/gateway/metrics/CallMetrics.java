package org.voicebot.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.voicebot.dialog.CallOutcome;
import org.voicebot.dialog.TransferReason;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.events.CallEventLog;

/**
 * The call metrics, computed only from the event stream (processors do not count things themselves).
 *
 * <ul>
 *   <li>{@code voicebot_calls_active} gauge: calls started and not yet ended;
 *   <li>{@code voicebot_calls_total{outcome}}: calls ended, by outcome;
 *   <li>{@code voicebot_transfers_total{reason}}: transfers, by reason;
 *   <li>{@code voicebot_response_latency_seconds} histogram: from the end of the caller's turn (the last
 *       sounding frame, {@code caller_speech_ended}'s {@code speech_end_ms}, so the end-of-turn silence counts
 *       as the caller's wait; or the last {@code dtmf}) to the next {@code bot_utterance_started} of the same
 *       call, measured on the events' own call clock ({@code t_ms}); buckets 0.1 s to 10 s (quantiles via
 *       {@code histogram_quantile});
 *   <li>{@code voicebot_barge_ins_total}: bot utterances interrupted by the caller;
 *   <li>{@code voicebot_frustration_score}: each call's last frustration score when it ends (0 if none);
 *   <li>{@code voicebot_playout_underruns_total{kind}}: from each {@code call_ended}: {@code synthesis_gap}
 *       = 20 ms ticks inside a bot utterance whose next frame was not there yet (its next sentence still
 *       being synthesized: the caller heard silence mid-reply), {@code clock_late} = times the call's
 *       clock fell more than two frames behind and skipped ahead (a late event loop);
 *   <li>{@code voicebot_events_total{type}}: every event, by type.
 * </ul>
 *
 * <p>Labels only ever hold values from closed sets (outcome, reason, event type); anything else is
 * reported as {@code other}. Caller ids, transcripts and call ids never become labels.
 */
public final class CallMetrics implements AutoCloseable {

  /** Outcome and reason labels allowed through; anything else becomes {@code other}. */
  private static final Set<String> OUTCOMES =
      Arrays.stream(CallOutcome.values()).map(CallOutcome::wire).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> REASONS =
      Arrays.stream(TransferReason.values()).map(TransferReason::wire).collect(Collectors.toUnmodifiableSet());

  private final MeterRegistry registry;
  private final CallEventLog.Subscription subscription;
  private final Set<String> activeCalls = ConcurrentHashMap.newKeySet();
  /** Per live call: t_ms at which the caller's turn last ended and no bot response has started yet. */
  private final Map<String, Long> pendingTurnEnd = new ConcurrentHashMap<>();
  private final Map<String, Double> lastFrustration = new ConcurrentHashMap<>();
  private final Map<String, Counter> callsByOutcome = new ConcurrentHashMap<>();
  private final Map<String, Counter> transfersByReason = new ConcurrentHashMap<>();
  private final Map<EventType, Counter> eventsByType = new EnumMap<>(EventType.class);
  private final Timer responseLatency;
  private final Counter bargeIns;
  private final Counter synthesisGapFrames;
  private final Counter clockLate;
  private final DistributionSummary frustrationAtEnd;

  /** Registers the meters and subscribes to the log; {@link #close()} unsubscribes. */
  public CallMetrics(MeterRegistry registry, CallEventLog log) {
    this.registry = registry;
    Gauge.builder("voicebot.calls.active", activeCalls, Set::size)
        .description("Calls in progress")
        .register(registry);
    for (String outcome : OUTCOMES) {
      callsCounter(outcome);
    }
    for (String reason : REASONS) {
      transfersCounter(reason);
    }
    for (EventType type : EventType.values()) {
      eventsByType.put(type, Counter.builder("voicebot.events")
          .description("Call events published, by type")
          .tag("type", type.wire())
          .register(registry));
    }
    responseLatency = Timer.builder("voicebot.response.latency")
        .description("From the caller's last sound (or last key) to the start of the bot's answer")
        .serviceLevelObjectives(
            ms(100), ms(250), ms(500), ms(750), ms(1000), ms(1500), ms(2000), ms(3000), ms(5000), ms(10000))
        .minimumExpectedValue(ms(10))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    bargeIns = Counter.builder("voicebot.barge.ins")
        .description("Bot utterances interrupted by the caller")
        .register(registry);
    synthesisGapFrames = Counter.builder("voicebot.playout.underruns")
        .description("Playout underruns: ticks of silence inside an utterance (synthesis_gap), clock resyncs (clock_late)")
        .tag("kind", "synthesis_gap")
        .register(registry);
    clockLate = Counter.builder("voicebot.playout.underruns")
        .description("Playout underruns: ticks of silence inside an utterance (synthesis_gap), clock resyncs (clock_late)")
        .tag("kind", "clock_late")
        .register(registry);
    frustrationAtEnd = DistributionSummary.builder("voicebot.frustration.score")
        .description("Each call's last frustration score (0..1) when it ended")
        .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
        .register(registry);
    this.subscription = log.subscribe(this::onEvent);
  }

  void onEvent(CallEvent e) {
    eventsByType.get(e.type()).increment();
    String id = e.callId();
    switch (e.type()) {
      case CALL_STARTED -> activeCalls.add(id);
      // a spoken turn's wait starts at the caller's last sound (speech_end_ms), not at the end of the silence
      case CALLER_SPEECH_ENDED -> pendingTurnEnd.put(id, e.data().get("speech_end_ms") instanceof Number n
          ? n.longValue() : e.tMs());
      case DTMF -> pendingTurnEnd.put(id, e.tMs());
      case BOT_UTTERANCE_STARTED -> {
        Long turnEnd = pendingTurnEnd.remove(id);
        if (turnEnd != null && e.tMs() >= turnEnd) {
          responseLatency.record(Duration.ofMillis(e.tMs() - turnEnd));
        }
      }
      case BOT_UTTERANCE_FINISHED -> {
        if (Boolean.TRUE.equals(e.data().get("interrupted")) || "true".equals(e.text("interrupted"))) {
          bargeIns.increment();
        }
      }
      case FRUSTRATION -> {
        if (e.data().get("score") instanceof Number n && activeCalls.contains(id)) {
          lastFrustration.put(id, n.doubleValue());
        }
      }
      case TRANSFER -> transfersCounter(label(e.text("reason"), REASONS)).increment();
      case CALL_ENDED -> {
        // A duplicate call_ended must not count the call twice.
        if (activeCalls.remove(id)) {
          callsCounter(label(e.text("outcome"), OUTCOMES)).increment();
          Double score = lastFrustration.remove(id);
          frustrationAtEnd.record(score == null ? 0.0 : score);
          if (e.data().get("playout_gap_frames") instanceof Number n) {
            synthesisGapFrames.increment(n.doubleValue());
          }
          if (e.data().get("playout_underruns") instanceof Number n) {
            clockLate.increment(n.doubleValue());
          }
        }
        pendingTurnEnd.remove(id);
      }
      default -> {
        // counted by type only
      }
    }
  }

  /** Playout underruns so far, summed over ended calls (see the class comment). */
  public Underruns playoutUnderruns() {
    return new Underruns((long) synthesisGapFrames.count(), (long) clockLate.count());
  }

  /** Ticks of silence inside utterances, and clock resyncs. */
  public record Underruns(long synthesisGapFrames, long clockLate) {
    public long total() {
      return synthesisGapFrames + clockLate;
    }
  }

  @Override
  public void close() {
    subscription.close();
  }

  private Counter callsCounter(String outcome) {
    return callsByOutcome.computeIfAbsent(outcome, o -> Counter.builder("voicebot.calls")
        .description("Calls ended, by outcome")
        .tag("outcome", o)
        .register(registry));
  }

  private Counter transfersCounter(String reason) {
    return transfersByReason.computeIfAbsent(reason, r -> Counter.builder("voicebot.transfers")
        .description("Calls handed to a person, by reason")
        .tag("reason", r)
        .register(registry));
  }

  private static String label(String value, Set<String> allowed) {
    if (value == null) {
      return "unknown";
    }
    String v = value.toLowerCase(Locale.ROOT);
    return allowed.contains(v) ? v : "other";
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
