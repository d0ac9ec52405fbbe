package org.voicebot.gateway.asterisk.ari;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway that died (or lost its event socket) left in Asterisk, cleaned up when the event socket
 * comes up: Asterisk keeps an app's channels in Stasis and its bridges when the app's WebSocket goes away
 * (measured on 22.10.1: after a SIGKILL an empty {@code voicebot-<uuid>} bridge stayed, also after the
 * restart). Three kinds, all recognised by name as this gateway names them and never when a call of ours
 * owns them:
 *
 * <ul>
 *   <li>a caller in {@code Stasis(<app>)} whose StasisStart this gateway never saw: handed to a person
 *       (the {@code BOT_*} variables of a system error, then {@code continue} to the transfer context);
 *   <li>an {@code AudioSocket/...-<uuid>} media channel in our app: hung up;
 *   <li>an empty {@code voicebot-<uuid>} bridge: destroyed.
 * </ul>
 *
 * <p>Only what is there in two looks {@code graceMs} apart is touched, so a call starting meanwhile (its
 * StasisStart in flight, its bridge created a moment before its channels join) is left alone.
 */
final class StrandedSweep {

  private static final Logger log = LoggerFactory.getLogger(StrandedSweep.class);
  private static final Pattern UUID_TAIL =
      Pattern.compile(".*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");
  static final String BRIDGE_PREFIX = "voicebot-";

  /** What one sweep did. */
  record Result(List<String> callersHandedOver, List<String> mediaHungUp, List<String> bridgesDestroyed) {
    boolean nothing() {
      return callersHandedOver.isEmpty() && mediaHungUp.isEmpty() && bridgesDestroyed.isEmpty();
    }
  }

  private final Vertx vertx;
  private final AriClient ari;
  private final String app;
  private final long graceMs;
  private final Predicate<String> ownsChannel;
  private final Predicate<String> ownsUuid;
  private final Function<String, Map<String, String>> handOverVariables;
  private final StasisApp.TransferTarget target;

  /**
   * @param ownsChannel whether a caller channel id is one of this gateway's calls
   * @param ownsUuid whether a call UUID (in a media channel's or bridge's name) is one of this gateway's calls
   * @param handOverVariables the {@code BOT_*} variables for a stranded caller, by channel id
   */
  StrandedSweep(Vertx vertx, AriClient ari, String app, long graceMs, Predicate<String> ownsChannel,
      Predicate<String> ownsUuid, Function<String, Map<String, String>> handOverVariables,
      StasisApp.TransferTarget target) {
    this.vertx = vertx;
    this.ari = ari;
    this.app = app;
    this.graceMs = graceMs;
    this.ownsChannel = ownsChannel;
    this.ownsUuid = ownsUuid;
    this.handOverVariables = handOverVariables;
    this.target = target;
  }

  Future<Result> run() {
    return look().compose(first -> pause().compose(v -> look()).compose(second -> {
      List<Future<Void>> actions = new ArrayList<>();
      List<String> callers = new ArrayList<>();
      List<String> media = new ArrayList<>();
      for (JsonObject ch : second.channels) {
        String id = ch.getString("id");
        if (id == null || !first.channelIds.contains(id) || !inOurApp(ch)) {
          continue;
        }
        String name = ch.getString("name", "");
        if (isMedia(name)) {
          String uuid = uuidIn(name);
          if (uuid != null && !ownsUuid.test(uuid)) {
            media.add(id);
            actions.add(ari.hangup(id).recover(StrandedSweep::goneIsFine));
          }
        } else if (!ownsChannel.test(id)) {
          callers.add(id);
          actions.add(handOver(id));
        }
      }
      // then the bridges, once the callers have left them (continue takes effect on the channel's own thread)
      return Future.join(actions).transform(ar -> callers.isEmpty() && media.isEmpty() ? Future.succeededFuture()
          : pause()).compose(v -> ari.bridges()).compose(bridges -> {
            List<Future<Void>> destroys = new ArrayList<>();
            List<String> destroyed = new ArrayList<>();
            for (Object o : bridges) {
              if (!(o instanceof JsonObject b)) {
                continue;
              }
              String id = b.getString("id");
              String name = b.getString("name", "");
              String uuid = name.startsWith(BRIDGE_PREFIX) ? uuidIn(name) : null;
              boolean empty = b.getJsonArray("channels", new JsonArray()).isEmpty();
              if (uuid != null && empty && first.bridgeIds.contains(id) && !ownsUuid.test(uuid)) {
                destroyed.add(id);
                destroys.add(ari.destroyBridge(id).recover(StrandedSweep::goneIsFine));
              }
            }
            return Future.join(destroys).transform(x -> Future.succeededFuture(
                new Result(List.copyOf(callers), List.copyOf(media), List.copyOf(destroyed))));
          });
    })).onSuccess(r -> {
      if (!r.nothing()) {
        log.warn("ARI: removed what an earlier gateway (or a lost event socket) left in Asterisk: {} caller(s)"
            + " handed to the queue, {} media channel(s) hung up, {} empty bridge(s) destroyed",
            r.callersHandedOver().size(), r.mediaHungUp().size(), r.bridgesDestroyed().size());
      }
    }).onFailure(e -> log.warn("ARI: could not look for channels and bridges left by an earlier gateway: {}",
        e.getMessage()));
  }

  /** A caller left in Stasis: to a person, as if the bot had handed it over with a system error. */
  private Future<Void> handOver(String channelId) {
    log.warn("ARI: channel {} is in Stasis({}) without a call of this gateway (an earlier gateway died or its"
        + " StasisStart was lost); handing it to the queue", channelId, app);
    Future<Void> set = Future.succeededFuture();
    for (var e : handOverVariables.apply(channelId).entrySet()) {
      set = set.compose(v -> ari.setVariable(channelId, e.getKey(), e.getValue()));
    }
    return set.compose(v -> ari.continueInDialplan(channelId, target.context(), target.extension(), target.priority()))
        .recover(StrandedSweep::goneIsFine);
  }

  private boolean inOurApp(JsonObject channel) {
    JsonObject dp = channel.getJsonObject("dialplan", new JsonObject());
    if (!"Stasis".equals(dp.getString("app_name"))) {
      return false;
    }
    String data = dp.getString("app_data", "");
    int comma = data.indexOf(',');
    return (comma < 0 ? data : data.substring(0, comma)).trim().equals(app);
  }

  private static boolean isMedia(String name) {
    return name.startsWith("AudioSocket/") || name.startsWith("UnicastRTP/");
  }

  static String uuidIn(String name) {
    var m = UUID_TAIL.matcher(name);
    return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
  }

  private record Look(List<JsonObject> channels, Set<String> channelIds, Set<String> bridgeIds) {}

  private Future<Look> look() {
    return Future.all(ari.channels(), ari.bridges()).map(cf -> {
      JsonArray chans = cf.resultAt(0);
      JsonArray bridges = cf.resultAt(1);
      List<JsonObject> list = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (Object o : chans) {
        if (o instanceof JsonObject c && c.getString("id") != null) {
          list.add(c);
          ids.add(c.getString("id"));
        }
      }
      Set<String> bridgeIds = new HashSet<>();
      for (Object o : bridges) {
        if (o instanceof JsonObject b && b.getString("id") != null) {
          bridgeIds.add(b.getString("id"));
        }
      }
      return new Look(list, ids, bridgeIds);
    });
  }

  private Future<Void> pause() {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(Math.max(1, graceMs), id -> p.complete());
    return p.future();
  }

  private static Future<Void> goneIsFine(Throwable t) {
    return t instanceof AriException a && a.gone() ? Future.succeededFuture() : Future.failedFuture(t);
  }
}
