package org.voicebot.gateway.asterisk.ari;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallSession;
import org.voicebot.gateway.media.MediaRegistry;

/**
 * The ARI call path: StasisStart, answer, an externalMedia AudioSocket channel carrying the call's
 * UUID, a mixing bridge with the caller; at the end (transfer, hang-up, caller gone) the
 * externalMedia channel and the bridge are deleted, because Asterisk keeps the AudioSocket open
 * until they are (trace 03), and a leak there costs a socket and a channel per call.
 */
public final class StasisApp {

  private static final Logger log = LoggerFactory.getLogger(StasisApp.class);

  /** Where the dialplan's transfer context is. */
  public record TransferTarget(String context, String extension, int priority) {}

  private final AriClient ari;
  private final MediaRegistry media;
  private final String audioSocketHost;
  private final TransferTarget transferTarget;
  private final BiFunction<CallIds, CallControl, CallSession> sessions;
  private final Map<String, AriCall> byChannel = new ConcurrentHashMap<>();

  /** Identifiers of a new call: our UUID, the caller's channel id and number. */
  public record CallIds(String uuid, String channelId, String callerNumber) {}

  public StasisApp(AriClient ari, MediaRegistry media, String audioSocketHost, TransferTarget transferTarget,
      BiFunction<CallIds, CallControl, CallSession> sessions) {
    this.ari = ari;
    this.media = media;
    this.audioSocketHost = audioSocketHost;
    this.transferTarget = transferTarget;
    this.sessions = sessions;
    ari.onEvent(this::onEvent);
    ari.onConnectionChange(up -> {
      if (up && everConnected) {
        reconcile();
      }
      everConnected |= up;
    });
  }

  private boolean everConnected;

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

  private void onEvent(AriEvent event) {
    if (event instanceof AriEvent.StasisStart s) {
      if (s.channel().isExternalMedia() || byChannel.containsKey(s.channel().id())) {
        return; // our own media leg entering the app, or a repeat
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

  private void startCall(AriEvent.Channel channel) {
    String uuid = UUID.randomUUID().toString();
    AriCall call = new AriCall(uuid, channel.id());
    byChannel.put(channel.id(), call);
    call.session = sessions.apply(new CallIds(uuid, channel.id(), channel.callerNumber()), call);
    media.expect(UUID.fromString(uuid), call.session);
    log.info("call {}: channel {} entered Stasis (caller {})", uuid, channel.id(), channel.callerNumber());
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
          return call.released ? call.cleanUpLate() : ari.externalMediaAudioSocket(audioSocketHost, uuid);
        })
        .compose(ext -> {
          call.externalChannelId = ext.getString("id");
          return call.released ? call.cleanUpLate() : ari.addChannel(call.bridgeId, call.externalChannelId);
        })
        .compose(v -> ari.addChannel(call.bridgeId, channel.id()))
        .onFailure(err -> {
          if (call.released) {
            return;
          }
          // No media means no bot: the caller goes to a person, not to silence.
          log.error("call {}: media set-up failed ({}); transferring the caller", uuid, err.getMessage());
          media.forget(UUID.fromString(uuid));
          call.startSession();
          call.session.onMediaClosed("media set-up failed: " + err.getMessage());
        });
  }

  /** One call's ARI resources and its control surface for the session. */
  private final class AriCall implements CallControl {
    final String uuid;
    final String channelId;
    String bridgeId;
    String externalChannelId;
    CallSession session;
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
      return ext.compose(v -> bridgeId == null ? Future.<Void>succeededFuture()
          : ari.destroyBridge(bridgeId).recover(this::ignoreGone))
          .onFailure(e -> log.warn("call {}: cleaning up ARI resources failed: {}", uuid, e.getMessage()));
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
