package org.voicebot.gateway.asterisk.agi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallHandle;
import org.voicebot.gateway.call.CallerIds;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.MediaListener;
import org.voicebot.gateway.media.MediaRegistry;

/**
 * The FastAGI call path, the AGI twin of {@code StasisApp}: a new AGI session gets a UUID and a call,
 * then {@code ANSWER}, the dialog starts, and {@code EXEC AudioSocket <uuid>,<host:port>} makes
 * Asterisk open an AudioSocket to the gateway; audio then flows exactly as for ARI externalMedia. EXEC
 * returns only when that AudioSocket ends, and its reply tells who ended it (trace 04): the server
 * (socket closed or hangup frame) gives {@code 200 result=0} and the dialplan may go on; a caller
 * hang-up gives {@code 200 result=-1} followed by {@code HANGUP}. So an AudioSocket close the gateway did
 * not cause is reported to the call only once that reply is in: caller gone, or media lost (the call
 * then hands over to a person). A transfer closes the AudioSocket, waits for EXEC to return, sets the
 * {@code BOT_*} variables and closes the AGI connection; the dialplan after AGI() routes on
 * {@code BOT_OUTCOME}.
 *
 * <p>Why AGI mode fails open: if the gateway dies, the operating system closes both of its sockets.
 * The AudioSocket application then returns 0, and AGI() returns with {@code AGISTATUS=SUCCESS} and
 * {@code BOT_OUTCOME} unset, so the dialplan sends the caller to the queue as it would with no bot.
 * If nothing listens at all, AGI() returns with {@code AGISTATUS=FAILURE} and the dialplan continues
 * too (trace 06).
 *
 * <p>Each call's state lives on its AGI connection's event loop; media callbacks and the call's
 * requests hop onto it.
 */
public final class AgiCallPath {

  private static final Logger log = LoggerFactory.getLogger(AgiCallPath.class);

  /** The script name in {@code agi://host:port/voicebot}. */
  public static final String SCRIPT = "voicebot";

  /** Identifiers of a new call: our UUID, the AGI channel name and the caller's number. */
  public record CallIds(String uuid, String channel, String callerNumber) {}

  /**
   * @param hangupGraceMs after {@code EXEC} returned -1, how long to wait for the {@code HANGUP} that
   *     tells a caller hang-up from an AudioSocket failure (Asterisk sent it 43 ms later in trace 05)
   * @param execReturnTimeoutMs how long a transfer waits for EXEC to return after closing the AudioSocket
   */
  public record Timing(long hangupGraceMs, long execReturnTimeoutMs) {
    public static final Timing DEFAULT = new Timing(1000, 5000);
  }

  private final Vertx vertx;
  private final MediaRegistry media;
  private final String audioSocketAddress;
  private final Timing timing;
  private final BiFunction<CallIds, CallControl, ? extends CallHandle> calls;
  private final Map<String, AgiCall> active = new ConcurrentHashMap<>();

  /**
   * @param audioSocketAddress the {@code host:port} of the gateway's AudioSocket server as Asterisk reaches it
   * @param calls creates the call (a {@code CallSession} in the gateway)
   */
  public AgiCallPath(Vertx vertx, MediaRegistry media, String audioSocketAddress, Timing timing,
      BiFunction<CallIds, CallControl, ? extends CallHandle> calls) {
    this.vertx = vertx;
    this.media = media;
    this.audioSocketAddress = audioSocketAddress;
    this.timing = timing;
    this.calls = calls;
  }

  public int activeCalls() {
    return active.size();
  }

  /** The {@link FastAgiServer}'s session handler. */
  public void onSession(AgiSession session) {
    String uuid = UUID.randomUUID().toString();
    AgiRequest r = session.request();
    AgiCall call = new AgiCall(uuid, session);
    call.handle = calls.apply(new CallIds(uuid, r.channel(), r.callerId()), call);
    active.put(uuid, call);
    log.info("call {}: FastAGI from {} for channel {} (caller {}, {}@{})", uuid, session.remoteAddress(),
        r.channel(), CallerIds.masked(r.callerId()), r.extension(), r.context());
    call.begin();
  }

  /** One call's AGI connection and media leg, and its control surface for the call. */
  private final class AgiCall implements CallControl {
    final String uuid;
    final AgiSession agi;
    CallHandle handle;
    private volatile MediaEndpoint endpoint;
    private final Promise<Void> execReturned = Promise.promise();
    private boolean started;
    private boolean execSent;
    private boolean ending;
    private boolean released;
    private boolean reported;
    private String mediaProblem;

    AgiCall(String uuid, AgiSession agi) {
      this.uuid = uuid;
      this.agi = agi;
    }

    void begin() {
      agi.onHangup(v -> onChannelHangup());
      agi.onClose(v -> onAgiClosed());
      media.expect(UUID.fromString(uuid), new MediaTap());
      agi.send(AgiCommand.answer()).onComplete(ar -> {
        if (released || reported) {
          return;
        }
        OptionalInt res = ar.succeeded() ? ar.result().numericResult() : OptionalInt.empty();
        if (res.isEmpty() || res.getAsInt() < 0 || agi.channelHungUp()) {
          log.info("call {}: ANSWER {}; the channel is gone", uuid, ar.succeeded() ? ar.result() : ar.cause().getMessage());
          reportGone();
          return;
        }
        started = true;
        handle.start();
        if (!ending && !released) {
          execSent = true;
          agi.send(AgiCommand.exec("AudioSocket", uuid + "," + audioSocketAddress))
              .onComplete(er -> execDone(er.succeeded() ? er.result() : null));
        }
      });
    }

    /** EXEC AudioSocket returned: the media leg is over, and the reply says why. */
    private void execDone(AgiReply reply) {
      execReturned.tryComplete();
      if (reply == null || ending || released || reported) {
        return; // closed connection (handled by onAgiClosed), or our own transfer/hang-up/release
      }
      OptionalInt res = reply.numericResult();
      if (agi.channelHungUp() || reply.deadChannel()) {
        reportGone();
      } else if (res.isPresent() && res.getAsInt() == 0) {
        reportMediaLost(mediaProblem != null ? mediaProblem : "AudioSocket closed by Asterisk");
      } else if (res.isPresent() && res.getAsInt() == -1) {
        // A caller hang-up, or the AudioSocket app failing on a live channel: HANGUP tells them apart.
        vertx.setTimer(timing.hangupGraceMs(), id -> agi.context().runOnContext(x -> {
          if (!agi.channelHungUp()) {
            reportMediaLost("the AudioSocket application failed (EXEC result=-1)");
          }
        }));
      } else if (res.isPresent() && res.getAsInt() == -2) {
        reportMediaLost("Asterisk has no AudioSocket application (EXEC result=-2; load app_audiosocket)");
      } else {
        reportMediaLost("EXEC AudioSocket replied '" + reply + "'");
      }
    }

    private void onChannelHangup() {
      if (!ending && !released && !reported) {
        log.info("call {}: the caller hung up", uuid);
        reportGone();
      }
    }

    private void onAgiClosed() {
      if (!ending && !released && !reported) {
        log.info("call {}: Asterisk closed the AGI connection", uuid);
        reportGone();
      }
    }

    private void reportGone() {
      if (reported) {
        return;
      }
      reported = true;
      // Also before ANSWER: the call must end (and release this edge), or shutdown would try to hand it over.
      handle.callerGone();
    }

    private void reportMediaLost(String problem) {
      if (reported || ending || released) {
        return;
      }
      reported = true;
      handle.onMediaClosed(problem);
    }

    @Override
    public Future<Void> transfer(Map<String, String> variables) {
      return leave(variables, false);
    }

    @Override
    public Future<Void> hangup(Map<String, String> variables) {
      return leave(variables, true);
    }

    /** Close the AudioSocket, wait for EXEC to return, set the variables, then hang up or hand back. */
    private Future<Void> leave(Map<String, String> variables, boolean hangUp) {
      Promise<Void> done = Promise.promise();
      agi.context().runOnContext(v -> {
        if (released || ending) {
          done.fail("call " + uuid + " is already ending");
          return;
        }
        ending = true;
        closeMedia();
        Future<Void> execOver = execSent ? withTimeout(execReturned.future()) : Future.succeededFuture();
        Future<Void> set = execOver;
        for (var e : variables.entrySet()) {
          set = set.compose(x -> agi.send(AgiCommand.setVariable(e.getKey(), e.getValue()))).compose(reply -> {
            if (!reply.isOk()) {
              log.debug("call {}: SET VARIABLE {}: {}", uuid, e.getKey(), reply);
            }
            return Future.succeededFuture();
          });
        }
        Future<Void> last = !hangUp ? set : set.compose(x -> agi.channelHungUp()
            ? Future.succeededFuture() : agi.send(AgiCommand.hangup()).mapEmpty());
        last.eventually(agi::close).onComplete(ar -> {
          if (ar.failed()) {
            log.warn("call {}: {} over AGI failed: {}", uuid, hangUp ? "hang-up" : "transfer", ar.cause().getMessage());
          }
          done.handle(ar);
        });
      });
      return done.future();
    }

    private Future<Void> withTimeout(Future<Void> f) {
      Promise<Void> p = Promise.promise();
      long timer = vertx.setTimer(timing.execReturnTimeoutMs(),
          id -> p.tryFail("EXEC AudioSocket did not return within " + timing.execReturnTimeoutMs() + " ms"));
      f.onComplete(ar -> {
        vertx.cancelTimer(timer);
        p.tryComplete();
      });
      return p.future();
    }

    @Override
    public Future<Void> release() {
      Promise<Void> done = Promise.promise();
      agi.context().runOnContext(v -> {
        if (!released) {
          released = true;
          active.remove(uuid);
          closeMedia();
          agi.close();
        }
        done.complete();
      });
      return done.future();
    }

    /** Closing our end makes the AudioSocket application return 0 (trace 04, session C). */
    private void closeMedia() {
      media.forget(UUID.fromString(uuid));
      MediaEndpoint m = endpoint;
      if (m != null && m.isOpen()) {
        m.close();
      }
    }

    /** Passes media to the call, but keeps the close: only EXEC's reply says what it meant. */
    private final class MediaTap implements MediaListener {
      @Override
      public void onMediaConnected(MediaEndpoint ep) {
        endpoint = ep;
        handle.onMediaConnected(ep);
        agi.context().runOnContext(v -> {
          if (ending || released) {
            ep.close();
          }
        });
      }

      @Override
      public void onAudio(byte[] slin) {
        handle.onAudio(slin);
      }

      @Override
      public void onDtmf(char digit) {
        handle.onDtmf(digit);
      }

      @Override
      public void onMediaClosed(String problem) {
        agi.context().runOnContext(v -> {
          if (problem != null) {
            mediaProblem = "AudioSocket: " + problem;
          }
          log.debug("call {}: AudioSocket closed by Asterisk ({}); waiting for EXEC to return", uuid,
              problem == null ? "normal" : problem);
        });
      }
    }
  }
}
