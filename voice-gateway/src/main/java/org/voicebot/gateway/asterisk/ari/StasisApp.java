package org.voicebot.gateway.asterisk.ari;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallSession;
import org.voicebot.gateway.call.CallerIds;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.MediaListener;
import org.voicebot.gateway.media.MediaRegistry;

/**
 * The ARI call path: StasisStart, answer, a mixing bridge with the caller, an externalMedia AudioSocket
 * channel carrying the call's UUID; at the end (transfer, hang-up, caller gone) the externalMedia channel
 * and the bridge are deleted, because Asterisk keeps the AudioSocket open until they are (trace 03), and a
 * leak there costs a socket and a channel per call.
 *
 * <p>Asterisk answers {@code POST /channels/externalMedia} once its dial thread is started, so the new
 * channel's StasisStart may come after the 200 (measured on 22.10.1: about one call in seven under load),
 * and addChannel before it is a 422. The channel is bridged once its StasisStart came (or after a short
 * wait, retrying a 422 for a bounded time); its AudioSocket, which may connect before that, is held: the
 * call hears of it only once caller and media share the bridge, so the greeting starts when the caller can
 * hear it.
 */
public final class StasisApp {

  private static final Logger log = LoggerFactory.getLogger(StasisApp.class);

  /** Where the dialplan's transfer context is. */
  public record TransferTarget(String context, String extension, int priority) {}

  /**
   * @param stasisStartWaitMs after the externalMedia reply, how long to wait for the channel's StasisStart
   *     before trying addChannel anyway (the event may be lost with a dropped socket)
   * @param addChannelRetryMs pause between addChannel attempts answered 422
   * @param mediaBridgeTimeoutMs from the externalMedia reply, how long 422s are retried before the caller
   *     goes to a person
   * @param sweepGraceMs when the event socket comes up, the time between the two looks at what an earlier
   *     gateway left (see {@link StrandedSweep})
   */
  public record Timing(long stasisStartWaitMs, long addChannelRetryMs, long mediaBridgeTimeoutMs, long sweepGraceMs) {
    public static final Timing DEFAULT = new Timing(1000, 100, 5000, 1500);
  }

  private final Vertx vertx;
  private final AriClient ari;
  private final MediaRegistry media;
  private final Timing timing;
  /** Calls whose externalMedia channel has not entered Stasis yet, by UUID (its StasisStart may beat the reply). */
  private final Map<String, Promise<Void>> mediaEnteringStasis = new ConcurrentHashMap<>();
  private final String audioSocketHost;
  private final TransferTarget transferTarget;
  private final BiFunction<CallIds, CallControl, CallSession> sessions;
  private final Map<String, AriCall> byChannel = new ConcurrentHashMap<>();

  /** Identifiers of a new call: our UUID, the caller's channel id and number. */
  public record CallIds(String uuid, String channelId, String callerNumber) {}

  /**
   * @param strandedVariables the {@code BOT_*} variables for a caller found in Stasis without a call of this
   *     gateway (left by one that died), by channel id; it then goes to the transfer context
   */
  public StasisApp(Vertx vertx, AriClient ari, MediaRegistry media, String audioSocketHost,
      TransferTarget transferTarget, Timing timing, BiFunction<CallIds, CallControl, CallSession> sessions,
      Function<String, Map<String, String>> strandedVariables) {
    this.vertx = vertx;
    this.ari = ari;
    this.media = media;
    this.timing = timing;
    this.sweep = new StrandedSweep(vertx, ari, ari.app(), timing.sweepGraceMs(), byChannel::containsKey,
        this::ownsUuid, strandedVariables, transferTarget);
    this.audioSocketHost = audioSocketHost;
    this.transferTarget = transferTarget;
    this.sessions = sessions;
    ari.onEvent(this::onEvent);
    ari.onConnectionChange(up -> {
      if (up && everConnected) {
        reconcile();
      }
      everConnected |= up;
      if (up) {
        sweepOnce();
      }
    });
  }

  private boolean everConnected;
  private final StrandedSweep sweep;
  private Future<StrandedSweep.Result> sweeping;

  /** One sweep at a time; a reconnection during one does not start another. */
  private synchronized void sweepOnce() {
    if (sweeping == null || sweeping.isComplete()) {
      sweeping = sweep.run();
    }
  }

  private boolean ownsUuid(String uuid) {
    return mediaEnteringStasis.containsKey(uuid) || byChannel.values().stream().anyMatch(c -> c.uuid.equals(uuid));
  }

  /**
   * After the event socket came back: events sent while it was down are lost, so a StasisEnd may have
   * been missed. Ask Asterisk about every call we still hold; a channel that is gone or no longer in
   * Stasis is treated as if its StasisEnd had arrived (otherwise the call, its externalMedia channel
   * and its bridge would live forever).
   */
  private void reconcile() {
    for (AriCall call : List.copyOf(byChannel.values())) {
      ari.channel(call.channelId).onComplete(ar -> {
        boolean gone = ar.failed() && ar.cause() instanceof AriException e && e.gone();
        boolean leftStasis = ar.succeeded() && !"Stasis".equals(
            ar.result().getJsonObject("dialplan", new io.vertx.core.json.JsonObject()).getString("app_name", "Stasis"));
        if ((gone || leftStasis) && byChannel.remove(call.channelId, call)) {
          log.info("call {}: channel {} left Stasis while the ARI socket was down", call.uuid, call.channelId);
          call.left();
        }
      });
    }
  }

  public int activeCalls() {
    return byChannel.size();
  }

  /** Clean-ups (DELETE of media channels and bridges) still in flight. */
  private final java.util.Set<Future<Void>> releasing = ConcurrentHashMap.newKeySet();

  /**
   * Completes with true when no call is left and every clean-up has had its answer (checked every 50 ms),
   * with false after {@code timeoutMs}: close ARI only after this, or a call that just ended leaves its
   * media channel and bridge behind.
   */
  public Future<Boolean> settled(long timeoutMs) {
    if (byChannel.isEmpty() && releasing.isEmpty()) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> p = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    // not setPeriodic(0, ...): Vert.x 5.0.7 then runs the handler before the timer exists, and cancelling it there throws
    vertx.setPeriodic(50, id -> {
      boolean done = byChannel.isEmpty() && releasing.isEmpty();
      if (done || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        p.tryComplete(done);
      }
    });
    return p.future();
  }

  private void onEvent(AriEvent event) {
    if (event instanceof AriEvent.StasisStart s) {
      if (s.channel().isExternalMedia()) {
        mediaInStasis(s);
        return;
      }
      if (byChannel.containsKey(s.channel().id())) {
        return; // a repeat
      }
      startCall(s.channel());
    } else if (event instanceof AriEvent.StasisEnd e) {
      AriCall call = byChannel.remove(e.channel().id());
      if (call != null) {
        call.left();
      }
    } else if (event instanceof AriEvent.ChannelHangupRequest h) {
      AriCall call = byChannel.get(h.channel().id());
      if (call != null) {
        log.debug("call {}: caller hangup requested (cause {})", call.uuid, h.cause());
      }
    }
  }

  /** Our externalMedia channel entered Stasis ({@code Stasis(app,<uuid>)}): it can join the bridge now. */
  private void mediaInStasis(AriEvent.StasisStart s) {
    String uuid = !s.args().isEmpty() ? s.args().get(0) : s.channel().name().replaceFirst(".*-(?=[0-9a-f-]{36}$)", "");
    Promise<Void> p = mediaEnteringStasis.get(uuid);
    if (p != null) {
      p.tryComplete();
    }
  }

  private void startCall(AriEvent.Channel channel) {
    String uuid = UUID.randomUUID().toString();
    AriCall call = new AriCall(uuid, channel.id());
    byChannel.put(channel.id(), call);
    call.session = sessions.apply(new CallIds(uuid, channel.id(), channel.callerNumber()), call);
    call.hold = new MediaHold(call.session);
    media.expect(UUID.fromString(uuid), call.hold);
    Promise<Void> mediaStasis = Promise.promise();
    mediaEnteringStasis.put(uuid, mediaStasis);
    log.info("call {}: channel {} entered Stasis (caller {})", uuid, channel.id(), CallerIds.masked(channel.callerNumber()));
    ari.answer(channel.id())
        .compose(v -> {
          // Start the dialog as soon as the call is answered, as the FastAGI path does: the greeting renders
          // while the media leg is set up, and a key the caller presses the moment media flows (possibly
          // before Asterisk's reply to the last bridge request reaches us) finds the dialog running.
          call.startSession();
          return ari.createMixingBridge("voicebot-" + uuid);
        })
        .compose(bridge -> {
          call.bridgeId = bridge;
          // the caller is in Stasis already: into the bridge while the media channel is dialled
          return call.released ? call.cleanUpLate() : ari.addChannel(call.bridgeId, channel.id());
        })
        .compose(v -> call.released ? call.cleanUpLate() : ari.externalMediaAudioSocket(audioSocketHost, uuid))
        .compose(ext -> {
          call.externalChannelId = ext.getString("id");
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.mediaBridgeTimeoutMs());
          return call.released ? call.cleanUpLate() : within(mediaStasis.future(), timing.stasisStartWaitMs())
              .compose(v -> call.released ? call.cleanUpLate() : addMediaChannel(call, deadline, 1));
        })
        .onComplete(ar -> mediaEnteringStasis.remove(uuid))
        .onSuccess(v -> call.hold.bridged())
        .onFailure(err -> {
          if (call.released) {
            return;
          }
          // No media means no bot: the caller goes to a person, not to silence.
          log.error("call {}: media set-up failed ({}); transferring the caller", uuid, err.getMessage());
          media.forget(UUID.fromString(uuid));
          call.hold.abandon();
          call.startSession();
          call.session.onMediaClosed("media set-up failed: " + err.getMessage());
        });
  }

  /** addChannel for the externalMedia channel; a 422 (not in Stasis yet) is tried again until the deadline. */
  private Future<Void> addMediaChannel(AriCall call, long deadlineNanos, int attempt) {
    return ari.addChannel(call.bridgeId, call.externalChannelId).recover(err -> {
      boolean notYet = err instanceof AriException a && a.kind() == AriException.Kind.UNPROCESSABLE;
      if (!notYet || call.released || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.addChannelRetryMs())
          > deadlineNanos) {
        return Future.failedFuture(err);
      }
      if (attempt == 1) {
        log.info("call {}: media channel {} not in Stasis yet (422); retrying", call.uuid, call.externalChannelId);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(timing.addChannelRetryMs(), id -> later.complete());
      return later.future().compose(v -> call.released ? call.<Void>cleanUpLate()
          : addMediaChannel(call, deadlineNanos, attempt + 1));
    });
  }

  /** Completes when {@code f} does, or after {@code ms} (successfully either way: the next step decides). */
  private Future<Void> within(Future<Void> f, long ms) {
    if (f.isComplete()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    long timer = vertx.setTimer(ms, id -> p.tryComplete());
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      p.tryComplete();
    });
    return p.future();
  }

  /**
   * Between the call and its AudioSocket until caller and media share the bridge: the connection is kept,
   * what it brings is queued (a key pressed the moment the bridge forms counts), and the call hears of it
   * once bridged. Callbacks come on the AudioSocket's event loop, {@link #bridged()} from ARI's.
   */
  private static final class MediaHold implements MediaListener {
    /** 5 s of frames: what a held leg can carry before the oldest frames go (normally it carries nothing). */
    private static final int MAX_HELD = 250;
    private final MediaListener call;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private MediaEndpoint endpoint;
    private boolean passing;
    private boolean abandoned;

    MediaHold(MediaListener call) {
      this.call = call;
    }

    @Override
    public void onMediaConnected(MediaEndpoint ep) {
      synchronized (this) {
        if (!passing) {
          endpoint = ep;
          if (abandoned) {
            ep.close();
          }
          return;
        }
      }
      call.onMediaConnected(ep);
    }

    @Override
    public void onAudio(byte[] slin) {
      if (!hold(slin)) {
        call.onAudio(slin);
      }
    }

    @Override
    public void onDtmf(char digit) {
      if (!hold(digit)) {
        call.onDtmf(digit);
      }
    }

    private synchronized boolean hold(Object item) {
      if (passing) {
        return false;
      }
      if (held.size() >= MAX_HELD) {
        held.removeFirst();
      }
      held.addLast(item);
      return true;
    }

    @Override
    public void onMediaClosed(String problem) {
      synchronized (this) {
        endpoint = null;
        held.clear();
      }
      call.onMediaClosed(problem);
    }

    /** Caller and media are in one bridge: the call gets the connection and what came meanwhile. */
    void bridged() {
      MediaEndpoint ep;
      List<Object> meanwhile;
      synchronized (this) {
        if (passing || abandoned) {
          return;
        }
        ep = endpoint;
        meanwhile = List.copyOf(held);
        held.clear();
        if (ep == null) {
          passing = true;
          return; // not connected yet: it will go straight through
        }
      }
      call.onMediaConnected(ep);
      for (Object o : meanwhile) {
        if (o instanceof byte[] b) {
          call.onAudio(b);
        } else {
          call.onDtmf((Character) o);
        }
      }
      synchronized (this) {
        // anything that arrived while the backlog was handed on goes after it, in order
        while (!held.isEmpty()) {
          Object o = held.removeFirst();
          if (o instanceof byte[] b) {
            call.onAudio(b);
          } else {
            call.onDtmf((Character) o);
          }
        }
        passing = true;
      }
    }

    /** The set-up failed: a held connection is closed, a later one refused by the registry. */
    void abandon() {
      MediaEndpoint ep;
      synchronized (this) {
        abandoned = true;
        ep = endpoint;
        endpoint = null;
        held.clear();
      }
      if (ep != null) {
        ep.close();
      }
    }
  }

  /** One call's ARI resources and its control surface for the session. */
  private final class AriCall implements CallControl {
    final String uuid;
    final String channelId;
    String bridgeId;
    String externalChannelId;
    CallSession session;
    MediaHold hold;
    private volatile boolean released;
    private boolean sessionStarted;

    AriCall(String uuid, String channelId) {
      this.uuid = uuid;
      this.channelId = channelId;
    }

    /** Once per call, from the ARI set-up chain (one context): greets the caller. */
    void startSession() {
      if (!sessionStarted) {
        sessionStarted = true;
        session.start();
      }
    }

    void left() {
      session.callerGone();
      release();
    }

    @Override
    public Future<Void> transfer(Map<String, String> variables) {
      return setAll(variables).compose(v -> ari.continueInDialplan(channelId, transferTarget.context(),
          transferTarget.extension(), transferTarget.priority()));
    }

    @Override
    public Future<Void> hangup(Map<String, String> variables) {
      return setAll(variables).eventually(() -> ari.hangup(channelId)).recover(this::ignoreGone);
    }

    private Future<Void> setAll(Map<String, String> variables) {
      Future<Void> f = Future.succeededFuture();
      for (var e : variables.entrySet()) {
        f = f.compose(v -> ari.setVariable(channelId, e.getKey(), e.getValue()));
      }
      return f;
    }

    @Override
    public synchronized Future<Void> release() {
      if (released) {
        return Future.succeededFuture();
      }
      released = true;
      byChannel.remove(channelId);
      media.forget(UUID.fromString(uuid));
      Future<Void> ext = externalChannelId == null ? Future.succeededFuture()
          : ari.hangup(externalChannelId).recover(this::ignoreGone);
      Future<Void> done = ext.compose(v -> bridgeId == null ? Future.<Void>succeededFuture()
          : ari.destroyBridge(bridgeId).recover(this::ignoreGone))
          .onFailure(e -> log.warn("call {}: cleaning up ARI resources failed: {}", uuid, e.getMessage()));
      releasing.add(done);
      done.onComplete(ar -> releasing.remove(done));
      return done;
    }

    /** The caller left while we were still setting up: delete what was created meanwhile. */
    <T> Future<T> cleanUpLate() {
      released = false;
      return release().transform(ar -> Future.failedFuture("call ended during media set-up"));
    }

    private Future<Void> ignoreGone(Throwable t) {
      if (t instanceof AriException a && a.gone()) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(t);
    }
  }
}
