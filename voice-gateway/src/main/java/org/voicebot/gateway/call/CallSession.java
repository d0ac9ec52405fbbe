package org.voicebot.gateway.call;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.dialog.CallOutcome;
import org.voicebot.dialog.DialogAction;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.DialogInput;
import org.voicebot.dialog.DialogState;
import org.voicebot.dialog.HandoffSummary;
import org.voicebot.dialog.Step;
import org.voicebot.dialog.TurnCompletion;
import org.voicebot.dialog.TransferReason;
import org.voicebot.dialog.UtteranceFeatures;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.dialog.redact.Redactor;
import org.voicebot.gateway.asr.DialogVocabulary;
import org.voicebot.gateway.asr.Partial;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionSession;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.Playout;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.media.vad.UtteranceAnalyzer;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.Pcm;
import org.voicebot.gateway.tts.Voice;

/**
 * One phone call: the media, the 20 ms playout clock, endpointing, recognition, the dialog and the
 * call's event log. Everything here runs on the call's own Vert.x context; media callbacks and worker
 * results hop onto it, so the state needs no locks. Model work runs on the shared worker pools.
 */
public final class CallSession implements CallHandle {

  private static final Logger log = LoggerFactory.getLogger(CallSession.class);
  private static final int FRAME_MS = 20;
  private static final int MAX_CATCH_UP_FRAMES = 2;
  /**
   * A pause after which the words so far are judged for the end of the turn: well before the shortest end silence
   * (call.endpointCompleteSilenceMs, 300 ms), so the judgement is in when it matters.
   */
  private static final int PAUSE_MS = 100;
  /** Partial transcripts go out as events at most this often. */
  private static final long PARTIAL_EVENT_MS = 200;
  private static final long MEDIA_WAIT_MS = 5000;

  /** What every call shares. */
  public record Services(Vertx vertx, CallEventLog events, SpeechServices speech, DialogEngine dialog,
      SummaryStore summaries, CallSettings settings, BackendClient backend) {}

  private final Services svc;
  private final String callId;
  private final String callerId;
  private final CallControl control;
  private final Context context;
  private final long startNanos = System.nanoTime();
  private final Endpointer endpointer;
  private final Playout playout;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private final List<Promise<Void>> mediaWaiters = new ArrayList<>();

  private DialogState state;
  private MediaEndpoint media;
  private long clockTimer = -1;
  private long clockStartMs;
  private long framesSent;
  /** Clock resyncs: the call's loop was more than a couple of frames late and the line skipped ahead. */
  private long underruns;
  private long utteranceIds;
  private long sayEpoch;
  private Future<Void> sayChain = Future.succeededFuture();
  private Future<Void> recognitionChain = Future.succeededFuture();
  // Recognition: one session per call, opened on the first utterance; a streaming engine is fed from
  // speech start (with the endpointer's pre-roll, kept here as the same ring of recent frames) to speech end.
  private RecognitionSession recognition;
  private final ArrayDeque<short[]> recentFrames = new ArrayDeque<>();
  private boolean streamingUtterance;
  private long lastPartialEventMs = -PARTIAL_EVENT_MS;
  /** The newest partial not judged yet, and whether one is being judged (see judgeNextPartial). */
  private String pendingPartial;
  private boolean judgingPartial;
  private String lastPartialText = "";
  /** What the open utterance's words so far say about the end of the turn (adaptive end of turn). */
  private TurnCompletion turnCompletion = TurnCompletion.OPEN;
  private int inFlight;
  private long idleSinceMs = -1;
  private boolean ignoringSpeech;
  private boolean handingOver;
  private boolean synthesisBroken;
  private CallOutcome outcome;

  public CallSession(Services svc, String callId, String callerId, CallControl control) {
    this.svc = svc;
    this.callId = callId;
    this.callerId = callerId == null || callerId.isBlank() ? "unknown" : callerId;
    this.control = control;
    this.context = svc.vertx().getOrCreateContext();
    this.endpointer = new Endpointer(svc.settings().endpointer());
    this.playout = new Playout(new Playout.Listener() {
      @Override
      public void started(Playout.Utterance u) {
        publish(EventType.BOT_UTTERANCE_STARTED, "text", u.text());
      }

      @Override
      public void finished(Playout.Utterance u, boolean interrupted) {
        // gap_frames / late_frames: 20 ms of silence or of nothing inside it; the caller heard less than logged
        publish(EventType.BOT_UTTERANCE_FINISHED, "text", u.text(), "interrupted", interrupted,
            "gap_frames", u.gapFrames(), "late_frames", u.lateFrames());
      }
    });
  }

  public String callId() {
    return callId;
  }

  public boolean ended() {
    return outcome != null;
  }

  /** Answered: greet the caller. The greeting renders while the media leg is being set up. */
  public void start() {
    onContext(() -> {
      publish(EventType.CALL_STARTED, "caller_id", callerId);
      state = svc.dialog().start(callId, callerId);
      // The dialog reads dates ("next Tuesday") against the call's local date; the server's zone is the call centre's.
      handle(new DialogInput.CallStarted(callerId, java.time.LocalDate.now(java.time.ZoneId.systemDefault())));
      svc.vertx().setTimer(svc.settings().maxCallMs(), id -> onContext(() -> {
        if (outcome == null && !handingOver) {
          log.info("call {} reached the maximum call time; handing over", callId);
          handle(new DialogInput.SystemError("maximum call time reached"));
        }
      }));
    });
  }

  // ---- media edge -----------------------------------------------------------------------------

  @Override
  public void onMediaConnected(MediaEndpoint endpoint) {
    onContext(() -> {
      if (outcome != null) {
        endpoint.close();
        return;
      }
      this.media = endpoint;
      clockStartMs = nowMs();
      clockTimer = svc.vertx().setPeriodic(FRAME_MS / 2, id -> tick());
      releaseMediaWaiters();
    });
  }

  @Override
  public void onAudio(byte[] slin) {
    short[] samples = Pcm.fromLittleEndian(slin, 0, slin.length);
    onContext(() -> {
      if (outcome == null) {
        streamFrame(samples);
        endpointer(endpointer.onFrame(samples, nowMs()));
      }
    });
  }

  @Override
  public void onDtmf(char digit) {
    onContext(() -> {
      if (outcome == null && !handingOver) {
        // At a card-number prompt each key would spell the number out in the event stream: mask it.
        boolean secret = svc.dialog().expectsSensitiveInput(state) && digit != '#' && digit != '*';
        publish(EventType.DTMF, "digit", secret ? "x" : String.valueOf(digit));
        idleSinceMs = -1;
        if (playout.busy() && playout.interruptible()) {
          interruptBot();
        }
        handle(new DialogInput.KeyPressed(digit));
      }
    });
  }

  @Override
  public void onMediaClosed(String problem) {
    onContext(() -> {
      media = null;
      stopClock();
      if (outcome != null) {
        return;
      }
      if (problem != null) {
        log.warn("call {}: media failed ({}); sending the caller to a person", callId, problem);
      }
      if (!handingOver) {
        // Without media the bot cannot talk: never drop the caller, hand the call to a human.
        handingOver = true;
        transferNow(TransferReason.SYSTEM_ERROR, systemErrorSummary(problem == null ? "media lost" : problem));
      }
    });
  }

  /** The gateway cannot keep this call (shutting down): tell the caller and hand them to a person. */
  public void handOver(String why) {
    onContext(() -> {
      if (outcome == null && !handingOver) {
        log.info("call {}: handing over ({})", callId, why);
        if (state == null) {
          // not answered yet: no dialog to say why; straight to a person
          handingOver = true;
          transferNow(TransferReason.SYSTEM_ERROR, null);
          return;
        }
        if (playout.busy()) {
          interruptBot(); // no time to finish a long prompt: say why and hand over
        }
        handle(new DialogInput.SystemError(why));
      }
    });
  }

  /** The caller hung up (or left the application some other way the bot did not cause). */
  public void callerGone() {
    onContext(() -> {
      if (outcome == null) {
        if (handingOver && transferSent) {
          finish(CallOutcome.TRANSFERRED);
        } else if (hangingUpAs != null) {
          // Our own hang-up: Asterisk's StasisEnd often arrives before the DELETE's 204 (traces 01/02).
          finish(hangingUpAs);
        } else if (state == null) {
          // Gone before the call was answered (FastAGI session closed before ANSWER, StasisEnd before the
          // answer's reply): no dialog ran; the call still ends, so shutdown does not wait for it.
          publish(EventType.CALL_STARTED, "caller_id", callerId);
          finish(CallOutcome.ABANDONED);
        } else if (state.over() && state.outcome() != null && state.outcome() != CallOutcome.TRANSFERRED) {
          // The dialog had already ended the call (its goodbye was playing): the caller's hang-up does not undo that.
          finish(state.outcome());
        } else {
          state = svc.dialog().handle(state, new DialogInput.CallerHungUp()).state();
          finish(CallOutcome.ABANDONED);
        }
      }
    });
  }

  private boolean svcTransferStarted;
  /** The transfer request went to the telephony edge (set after the briefing is ready). */
  private boolean transferSent;
  /** This call's own briefing rendering, once started (the hand-over waits for it). */
  private Future<Buffer> briefing;
  /** How long a hand-over waits for its own briefing before the agent gets the fallback one. */
  private static final long BRIEFING_WAIT_MS = 5000;
  /** Set when the bot ends the call itself, so the caller's channel going away is not "abandoned". */
  private CallOutcome hangingUpAs;

  // ---- the clock ------------------------------------------------------------------------------

  private void tick() {
    if (media == null || !media.isOpen()) {
      return;
    }
    long now = nowMs();
    long due = (now - clockStartMs) / FRAME_MS + 1 - framesSent;
    if (due > MAX_CATCH_UP_FRAMES + 1) {
      // The loop was late by more than a couple of frames: don't burst, resync the schedule.
      underruns++;
      playout.clockSkipped(due - MAX_CATCH_UP_FRAMES);
      framesSent = (now - clockStartMs) / FRAME_MS + 1 - MAX_CATCH_UP_FRAMES;
      due = MAX_CATCH_UP_FRAMES;
    }
    for (long i = 0; i < due; i++) {
      media.sendAudio(playout.nextFrame());
      framesSent++;
    }
    endpointer(endpointer.onTick(now));
    if (pendingPartial != null && endpointer.silenceMs() >= PAUSE_MS) {
      judgeNextPartial(); // the end of the turn matters only once the caller pauses: one judgement per pause
    }
    checkIdle(now);
  }

  private void checkIdle(long now) {
    boolean idle = !playout.busy() && inFlight == 0 && !endpointer.inSpeech();
    if (idle && !idleWaiters.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(idleWaiters);
      idleWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
    if (!idle || handingOver || outcome != null || state == null || state.over()) {
      idleSinceMs = -1;
      return;
    }
    if (idleSinceMs < 0) {
      idleSinceMs = now;
    } else if (now - idleSinceMs >= svc.settings().noInputMs()) {
      idleSinceMs = -1;
      handle(new DialogInput.NoInput());
    }
  }

  private Future<Void> whenPlayoutIdle() {
    if (media == null || (!playout.busy() && inFlight == 0)) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    idleWaiters.add(p);
    return p.future();
  }

  // ---- caller speech --------------------------------------------------------------------------

  private void endpointer(List<Endpointer.Event> events) {
    for (Endpointer.Event e : events) {
      if (e instanceof Endpointer.Event.SpeechStarted) {
        onSpeechStarted();
      } else if (e instanceof Endpointer.Event.SpeechEnded s) {
        onSpeechEnded(s);
      } else {
        ignoringSpeech = false;
        if (streamingUtterance) { // a click or a cough: nothing to recognise
          streamingUtterance = false;
          recognition.discard();
        }
      }
    }
  }

  private void onSpeechStarted() {
    idleSinceMs = -1;
    if (handingOver || outcome != null) {
      ignoringSpeech = true;
      return;
    }
    if (playout.busy() && !(svc.settings().bargeIn() && playout.interruptible())) {
      // A prompt that must be heard in full: the caller's words over it are not taken as an answer.
      ignoringSpeech = true;
      return;
    }
    ignoringSpeech = false;
    turnCompletion = TurnCompletion.OPEN;
    publish(EventType.CALLER_SPEECH_STARTED);
    startStreaming();
    if (playout.busy()) {
      interruptBot();
      handle(new DialogInput.BargeIn());
    }
  }

  private void interruptBot() {
    sayEpoch++;
    playout.interrupt();
  }

  private void onSpeechEnded(Endpointer.Event.SpeechEnded s) {
    if (ignoringSpeech) {
      ignoringSpeech = false;
      return;
    }
    // end_silence_ms / turn: how long the endpointer waited after the last word, and why (adaptive end of turn).
    // speech_end_ms: the call-clock time of the caller's last sounding frame, where the caller's wait begins
    publish(EventType.CALLER_SPEECH_ENDED, "duration_ms", s.atMs() - s.startedAtMs(),
        "end_silence_ms", endpointer.endSilenceMs(), "turn", turnCompletion.name().toLowerCase(Locale.ROOT),
        "speech_end_ms", s.atMs());
    long endedAtMs = nowMs();
    short[] audio = s.audio();
    RecognitionSession r = recognition();
    if (!streamingUtterance) {
      // A buffering engine (Sphinx4) gets the endpointer's trimmed utterance in one piece at the end.
      r.accept(audio);
    }
    streamingUtterance = false;
    lastPartialText = "";
    pendingPartial = null;
    inFlight++;
    Future<Transcript> result = r.finish();
    recognitionChain = recognitionChain.compose(v -> result)
        .transform(ar -> {
          if (outcome != null || handingOver) {
            inFlight--;
            return Future.succeededFuture();
          }
          if (ar.failed()) {
            inFlight--;
            log.warn("call {}: recognition failed: {}", callId, ar.cause().toString());
            if (ar.cause() instanceof RecognitionException re && !re.retryable()) {
              // The engine broke: the bot cannot understand the caller any more; a person takes over.
              handle(new DialogInput.SystemError("speech recognition failed"));
            } else {
              handle(new DialogInput.CallerSaid("", 0, UtteranceFeatures.NONE));
            }
            return Future.succeededFuture();
          }
          Transcript t = ar.result();
          long asrMs = nowMs() - endedAtMs;
          List<String> readings = new ArrayList<>();
          readings.add(t.text());
          readings.addAll(t.alternatives());
          // The sentence-embedding model runs for each reading on a worker; the dialog then finds it done.
          return svc.speech().understand(() -> svc.dialog().prepare(readings)).transform(x -> {
            onContext(() -> heard(t, audio, asrMs, endedAtMs));
            return Future.<Void>succeededFuture();
          });
        });
  }

  /** A final transcript, with its readings understood: publish it and hand it to the dialog. */
  private void heard(Transcript t, short[] audio, long asrMs, long endedAtMs) {
    inFlight--;
    if (outcome != null || handingOver) {
      return;
    }
    UtteranceFeatures f = withSpeakingRate(UtteranceAnalyzer.analyze(audio, t.words().size()), t);
    // asr_ms: from the end of speech to the transcript (what decoding adds to the caller's wait); nlu_ms: the
    // understanding of its readings after that.
    long nluMs = nowMs() - endedAtMs - asrMs;
    if (t.alternatives().isEmpty()) {
      publish(EventType.TRANSCRIPT, "text", Redactor.redact(t.text()), "final", true,
          "confidence", round(t.confidence()), "asr_ms", asrMs, "nlu_ms", nluMs);
    } else {
      publish(EventType.TRANSCRIPT, "text", Redactor.redact(t.text()), "final", true,
          "confidence", round(t.confidence()), "asr_ms", asrMs, "nlu_ms", nluMs,
          "alternatives", t.alternatives().stream().map(Redactor::redact).toList());
    }
    handle(new DialogInput.CallerSaid(t.text(), t.confidence(), f, t.alternatives()));
  }

  /** Words per second from the engine's word timings when it has them (more exact than words over voiced time). */
  private static UtteranceFeatures withSpeakingRate(UtteranceFeatures f, Transcript t) {
    double rate = t.wordsPerSecond();
    if (Double.isNaN(rate) || f == UtteranceFeatures.NONE) {
      return f;
    }
    return new UtteranceFeatures(f.rmsDbfs(), f.peakDbfs(), f.medianF0Hz(), f.f0RangeHz(), f.durationMs(), rate);
  }

  private RecognitionSession recognition() {
    if (recognition == null) {
      recognition = svc.speech().openRecognition(callId, this::onContext, this::onPartial);
    }
    // the grammar for the prompt the caller is answering (digits at a number prompt, requests elsewhere)
    recognition.listenFor(DialogVocabulary.listeningFor(svc.dialog(), state));
    return recognition;
  }

  /** Keeps the last pre-roll of frames, or feeds the open utterance of a streaming engine. */
  private void streamFrame(short[] frame) {
    if (streamingUtterance) {
      recognition.accept(frame);
      return;
    }
    recentFrames.addLast(frame);
    while (recentFrames.size() * FRAME_MS > svc.settings().endpointer().preRollMs()) {
      recentFrames.removeFirst();
    }
  }

  /** Speech the bot will answer began: a streaming engine starts decoding now, from the pre-roll on. */
  private void startStreaming() {
    if (!svc.speech().recognizerCapabilities().streaming()) {
      return;
    }
    RecognitionSession r = recognition();
    for (short[] f : recentFrames) {
      r.accept(f);
    }
    recentFrames.clear();
    streamingUtterance = true;
    lastPartialText = "";
    pendingPartial = null;
  }

  private void onPartial(Partial p) {
    if (streamingUtterance && outcome == null && svc.settings().endOfTurn().adaptive()) {
      pendingPartial = p.text(); // judged when the caller pauses (see tick)
    }
    long now = nowMs();
    if (!streamingUtterance || outcome != null || p.text().equals(lastPartialText)
        || now - lastPartialEventMs < PARTIAL_EVENT_MS) {
      return;
    }
    lastPartialText = p.text();
    lastPartialEventMs = now;
    publish(EventType.TRANSCRIPT, "text", Redactor.redact(p.text()), "final", false);
  }

  /**
   * Judges the newest partial off the loop (the dialog reads it by meaning, a few ms of model work), one at a time per
   * call, when the caller pauses: partials that came meanwhile are skipped for the newest, so a long utterance costs one
   * judgement per pause, not one per partial.
   */
  private void judgeNextPartial() {
    if (judgingPartial || pendingPartial == null) {
      return;
    }
    String text = pendingPartial;
    pendingPartial = null;
    judgingPartial = true;
    svc.speech().understand(() -> svc.dialog().prepare(List.of(text))).onComplete(x -> onContext(() -> {
      judgingPartial = false;
      if (streamingUtterance && outcome == null) {
        adaptEndOfTurn(text);
      } else {
        pendingPartial = null;
      }
    }));
  }

  /**
   * The silence that ends this turn, from what the caller's words so far answer: short when they already
   * complete what the prompt asked, long while a digit string is still short of the slot's length.
   */
  private void adaptEndOfTurn(String partial) {
    CallSettings.EndOfTurn e = svc.settings().endOfTurn();
    if (!e.adaptive() || !endpointer.inSpeech()) {
      return;
    }
    TurnCompletion c;
    try {
      c = svc.dialog().turnCompletion(state, partial);
    } catch (RuntimeException ex) { // never let a judgement on a partial break the call
      log.warn("call {}: judging a partial transcript failed: {}", callId, ex.toString());
      c = TurnCompletion.OPEN;
    }
    turnCompletion = c;
    endpointer.endSilenceMs(c == TurnCompletion.COMPLETE ? e.completeSilenceMs()
        : c == TurnCompletion.INCOMPLETE_DIGITS ? e.digitsSilenceMs() : svc.settings().endpointer().endSilenceMs());
  }

  // ---- dialog ---------------------------------------------------------------------------------

  private void handle(DialogInput input) {
    if (outcome != null) {
      return;
    }
    Step step;
    try {
      step = svc.dialog().handle(state, input);
    } catch (RuntimeException e) {
      log.error("call {}: the dialog engine failed on {}; handing over", callId, input.getClass().getSimpleName(), e);
      handingOver = true;
      transferNow(TransferReason.SYSTEM_ERROR, null);
      return;
    }
    state = step.state();
    for (DialogAction action : step.actions()) {
      act(action);
    }
  }

  private void act(DialogAction action) {
    if (action instanceof DialogAction.IntentRecognized i) {
      if (i.evidence() == null) {
        publish(EventType.INTENT, "name", i.name(), "confidence", round(i.confidence()));
      } else {
        publish(EventType.INTENT, "name", i.name(), "confidence", round(i.confidence()), "runner_up",
            i.runnerUp() == null ? "" : i.runnerUp(), "evidence", Redactor.redact(i.evidence()));
      }
    } else if (action instanceof DialogAction.SlotFilled s) {
      publish(EventType.SLOT, "name", s.name(), "value", s.value());
    } else if (action instanceof DialogAction.FrustrationChanged f) {
      publish(EventType.FRUSTRATION, "score", round(f.score()), "cues", f.cues(), "evidence", f.evidence());
    } else if (action instanceof DialogAction.PersonOffered o) {
      publish(EventType.PERSON_OFFERED, "score", round(o.score()));
    } else if (action instanceof DialogAction.PersonOfferAnswered a) {
      publish(EventType.PERSON_OFFER_ANSWERED, "answer", a.answer(), "how", a.how());
    } else if (action instanceof DialogAction.CallBackend b) {
      callBackend(b);
    } else if (action instanceof DialogAction.Say say) {
      say(say.text(), say.bargeIn());
    } else if (action instanceof DialogAction.TransferCall t) {
      handingOver = true;
      Future<Buffer> briefing = renderBriefing(t.summary());
      sayChain.compose(v -> whenPlayoutIdle()).compose(v -> briefing.otherwiseEmpty())
          .onComplete(ar -> transferNow(t.reason(), t.summary()));
    } else if (action instanceof DialogAction.EndCall e) {
      // The bot ends the call (a caller's own hang-up never comes through here: see callerGone): say
      // the goodbye, then hang up, whatever the outcome, so no caller is left on a silent line.
      sayChain.compose(v -> whenPlayoutIdle()).onComplete(ar -> hangUp(e.outcome()));
    }
  }

  /**
   * Queues one bot reply. Replies are synthesized one after the other (sayChain); each streams by
   * sentence, so its first sentence goes to the playout as soon as it is rendered. A reply interrupted
   * (barge-in) before or while it is synthesized is dropped: no further sentence is rendered.
   */
  private void say(String text, boolean bargeIn) {
    if (synthesisBroken) {
      return;
    }
    long epoch = sayEpoch;
    inFlight++;
    Playout.Utterance u = new Playout.Utterance(++utteranceIds, text, bargeIn);
    sayChain = sayChain.compose(v -> {
      if (epoch != sayEpoch || outcome != null) {
        return Future.<Void>succeededFuture();
      }
      boolean[] queued = {false};
      return svc.speech().speakSentences(text, pcm -> {
        if (!queued[0]) {
          queued[0] = true;
          playout.enqueue(u);
        }
        u.append(pcm);
      }, () -> epoch != sayEpoch || outcome != null);
    }).transform(ar -> {
      inFlight--;
      u.complete();
      if (ar.failed()) {
        synthesisFailed(ar.cause());
      }
      return Future.<Void>succeededFuture();
    });
  }

  /**
   * Never silence: a reply could not be synthesized, so the caller hears the hold line rendered at
   * start-up and goes to a person with reason system_error. What is already playing ends first; replies
   * queued after the failed one are dropped. If a transfer is already under way (the failed line was the
   * hand-over or empathy line) it keeps its own reason and summary, and the hold line plays before it.
   */
  private void synthesisFailed(Throwable cause) {
    log.error("call {}: speech synthesis failed: {}", callId, cause.toString());
    if (synthesisBroken || outcome != null) {
      return;
    }
    synthesisBroken = true;
    sayEpoch++; // replies queued behind the failed one are not attempted
    short[] hold = svc.speech().holdPrompt();
    if (hold != null) {
      playout.enqueue(Playout.Utterance.of(++utteranceIds, SpeechServices.HOLD_PROMPT, hold, false));
    }
    if (handingOver) {
      return;
    }
    handingOver = true;
    HandoffSummary s = systemErrorSummary("speech synthesis failed");
    Future<Buffer> briefing = renderBriefing(s);
    // A reply can fail before the media leg is up (the greeting renders during set-up): wait for it so
    // the hold line is heard, but not for long.
    whenMediaConnected(MEDIA_WAIT_MS).compose(v -> whenPlayoutIdle()).compose(v -> briefing.otherwiseEmpty())
        .onComplete(ar -> transferNow(TransferReason.SYSTEM_ERROR, s));
  }

  /**
   * The dialog's own system-error step, for the agent's summary when the bot cannot go on (media lost,
   * synthesis broken); its spoken lines are not attempted. Null before the dialog started or if it fails.
   */
  private HandoffSummary systemErrorSummary(String why) {
    if (state == null) {
      return null;
    }
    try {
      Step step = svc.dialog().handle(state, new DialogInput.SystemError(why));
      state = step.state();
      for (DialogAction a : step.actions()) {
        if (a instanceof DialogAction.TransferCall t) {
          return t.summary();
        }
      }
    } catch (RuntimeException e) {
      log.warn("call {}: no summary for the hand-over ({}): {}", callId, why, e.toString());
    }
    return null;
  }

  private Future<Buffer> renderBriefing(HandoffSummary summary) {
    if (summary == null) {
      briefing = Future.failedFuture("no summary");
      return briefing;
    }
    briefing = svc.speech().synthesize(summary.text(), Voice.BRIEFING)
        .map(pcm -> Buffer.buffer(Pcm.wavBytes(pcm, 8000)))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            svc.summaries().put(callId, summary, ar.result());
          } else {
            log.warn("call {}: the agent briefing could not be rendered: {}", callId, ar.cause().toString());
            if (svc.summaries().wav(callId).isEmpty()) { // never replace audio (the fallback) with none
              svc.summaries().put(callId, summary, null);
            }
          }
        });
    return briefing;
  }

  /**
   * Makes sure the briefing URL will play before it is handed out: this call's own briefing (waited for up
   * to {@code BRIEFING_WAIT_MS}), else the fallback rendered at start-up. False only when neither exists;
   * then no URL is given (Asterisk would log a 404 and the agent hear nothing).
   */
  private Future<Boolean> briefingReady(HandoffSummary summary) {
    if (svc.summaries().wav(callId).isPresent()) {
      return Future.succeededFuture(true);
    }
    Future<Buffer> own = briefing != null ? briefing : renderBriefing(summary);
    Promise<Boolean> ready = Promise.promise();
    long timer = svc.vertx().setTimer(BRIEFING_WAIT_MS, id -> ready.tryFail("briefing not rendered within "
        + BRIEFING_WAIT_MS + " ms"));
    own.onComplete(ar -> {
      svc.vertx().cancelTimer(timer);
      if (ar.succeeded()) {
        ready.tryComplete(true);
      } else {
        ready.tryFail(ar.cause());
      }
    });
    return ready.future().recover(e -> {
      if (svc.summaries().wav(callId).isPresent()) {
        return Future.succeededFuture(true);
      }
      short[] fallback = svc.speech().fallbackBriefing();
      if (fallback == null) {
        log.warn("call {}: no briefing audio for the agent ({}); BOT_SUMMARY_URL left empty", callId, e.getMessage());
        return Future.succeededFuture(false);
      }
      Buffer wav = Buffer.buffer(Pcm.wavBytes(fallback, 8000));
      if (summary == null) {
        svc.summaries().putWithoutSummary(callId, SpeechServices.FALLBACK_BRIEFING, wav);
      } else {
        svc.summaries().put(callId, summary, wav);
      }
      return Future.succeededFuture(true);
    });
  }

  /** The request's values (card numbers too) go to the backend only; events carry the operation and result. */
  private void callBackend(DialogAction.CallBackend b) {
    long t0 = nowMs();
    publish(EventType.BACKEND_REQUEST, "operation", b.operation(), "intent", b.intent());
    svc.backend().call(b.operation(), b.request(), b.idempotent()).onComplete(ar -> onContext(() -> {
      long ms = nowMs() - t0;
      if (ar.succeeded()) {
        publish(EventType.BACKEND_REPLY, "operation", b.operation(), "result", ar.result().result(), "ms", ms);
        handle(new DialogInput.BackendReplied(ar.result().result(), ar.result().fields()));
      } else {
        log.warn("call {}: backend {} failed after {} ms: {}", callId, b.operation(), ms, ar.cause().getMessage());
        publish(EventType.BACKEND_REPLY, "operation", b.operation(), "result", "failed", "ms", ms);
        handle(new DialogInput.BackendFailed(ar.cause().getMessage()));
      }
    }));
  }

  private void transferNow(TransferReason reason, HandoffSummary summary) {
    if (outcome != null || svcTransferStarted) {
      return;
    }
    svcTransferStarted = true;
    briefingReady(summary).onComplete(ready -> onContext(() -> handOff(reason, summary,
        ready.succeeded() && ready.result())));
  }

  /** The transfer itself, once the briefing has audio (or certainly has none: then no URL). */
  private void handOff(TransferReason reason, HandoffSummary summary, boolean briefingAudio) {
    if (outcome != null) {
      return; // the caller left while the briefing was rendered
    }
    String text = summary == null ? "The automated assistant could not continue this call." : summary.text();
    String url = briefingAudio ? svc.settings().publicBaseUrl() + "/calls/" + callId + "/summary.wav" : "";
    publish(EventType.TRANSFER, "queue", svc.dialog().definition().transferQueue(), "reason", reason.wire(),
        "summary", text, "summary_url", url);
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("BOT_OUTCOME", "transferred");
    vars.put("BOT_REASON", reason.wire());
    vars.put("BOT_SUMMARY", text);
    vars.put("BOT_INTENT", summary == null || summary.intent() == null ? "" : summary.intent());
    vars.put("BOT_FRUSTRATION", String.format(Locale.ROOT, "%.2f", summary == null ? 0 : summary.frustration()));
    vars.put("BOT_SUMMARY_URL", url);
    vars.put("BOT_QUEUE", svc.dialog().definition().transferQueue());
    transferSent = true;
    control.transfer(vars).onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        log.warn("call {}: transfer failed: {}", callId, ar.cause().toString());
        finish(CallOutcome.ABANDONED);
      } else {
        finish(CallOutcome.TRANSFERRED);
      }
    }));
  }

  private void hangUp(CallOutcome how) {
    if (outcome != null) {
      return;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("BOT_OUTCOME", how.wire());
    hangingUpAs = how;
    control.hangup(vars).onComplete(ar -> onContext(() -> finish(how)));
  }

  private void finish(CallOutcome how) {
    if (outcome != null) {
      return;
    }
    outcome = how;
    stopClock();
    if (recognition != null) {
      recognition.close();
      streamingUtterance = false;
    }
    playout.interrupt();
    // playout_gap_frames: ticks inside an utterance whose next frame was not synthesized yet (the caller heard silence).
    publish(EventType.CALL_ENDED, "outcome", how.wire(), "playout_underruns", underruns,
        "playout_gap_frames", playout.gapFrames());
    // Deleting the externalMedia channel closes the AudioSocket from Asterisk's side; closing it here
    // first would make the DELETE find the channel already gone.
    MediaEndpoint m = media;
    control.release().onComplete(ar -> {
      if (m != null) {
        m.close();
      }
    });
    idleWaiters.forEach(Promise::tryComplete);
    idleWaiters.clear();
    releaseMediaWaiters();
  }

  private void releaseMediaWaiters() {
    List<Promise<Void>> waiting = new ArrayList<>(mediaWaiters);
    mediaWaiters.clear();
    waiting.forEach(Promise::tryComplete);
  }

  /** Completes when the media leg is up (at once if it is), or after {@code timeoutMs} without it. */
  private Future<Void> whenMediaConnected(long timeoutMs) {
    if (media != null || outcome != null) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    mediaWaiters.add(p);
    svc.vertx().setTimer(timeoutMs, id -> onContext(p::tryComplete));
    return p.future();
  }

  private void stopClock() {
    if (clockTimer >= 0) {
      svc.vertx().cancelTimer(clockTimer);
      clockTimer = -1;
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private void publish(EventType type, Object... kv) {
    svc.events().publish(CallEvent.of(callId, nowMs(), type, kv));
  }

  private long nowMs() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
