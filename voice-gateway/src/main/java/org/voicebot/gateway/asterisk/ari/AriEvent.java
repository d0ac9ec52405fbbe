package org.voicebot.gateway.asterisk.ari;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The ARI events the gateway acts on, typed; everything else is {@link Other}. */
public sealed interface AriEvent {

  /** A channel entered our Stasis application. */
  record StasisStart(Channel channel, List<String> args) implements AriEvent {}

  /** A channel left Stasis (continue, hangup, DELETE). With subscribeAll=false no ChannelDestroyed follows for dialplan channels. */
  record StasisEnd(Channel channel) implements AriEvent {}

  record ChannelHangupRequest(Channel channel, Integer cause) implements AriEvent {}

  record ChannelDestroyed(Channel channel, int cause) implements AriEvent {}

  record ChannelDtmfReceived(Channel channel, char digit, int durationMs) implements AriEvent {}

  record Other(String type, JsonObject json) implements AriEvent {}

  /** The channel fields the gateway needs. */
  record Channel(String id, String name, String state, String callerNumber, String callerName) {
    static Channel from(JsonObject c) {
      JsonObject caller = c.getJsonObject("caller", new JsonObject());
      return new Channel(c.getString("id"), c.getString("name", ""), c.getString("state", ""),
          caller.getString("number", ""), caller.getString("name", ""));
    }

    /** externalMedia AudioSocket channels are named {@code AudioSocket/host:port-uuid}. */
    public boolean isExternalMedia() {
      return name.startsWith("AudioSocket/") || name.startsWith("UnicastRTP/");
    }
  }

  /** Parses one WebSocket frame; throws IllegalArgumentException naming what is missing. */
  static AriEvent parse(JsonObject json) {
    String type = json.getString("type");
    if (type == null) {
      throw new IllegalArgumentException("ARI event without 'type'");
    }
    JsonObject ch = json.getJsonObject("channel");
    if (ch == null || ch.getString("id") == null) {
      return new Other(type, json);
    }
    Channel channel = Channel.from(ch);
    return switch (type) {
      case "StasisStart" -> new StasisStart(channel, strings(json.getJsonArray("args", new JsonArray())));
      case "StasisEnd" -> new StasisEnd(channel);
      case "ChannelHangupRequest" -> new ChannelHangupRequest(channel, json.getInteger("cause"));
      case "ChannelDestroyed" -> new ChannelDestroyed(channel, json.getInteger("cause", 0));
      case "ChannelDtmfReceived" -> {
        String digit = json.getString("digit", "");
        if (digit.length() != 1) {
          throw new IllegalArgumentException("ChannelDtmfReceived with digit '" + digit + "'");
        }
        yield new ChannelDtmfReceived(channel, digit.charAt(0), json.getInteger("duration_ms", 0));
      }
      default -> new Other(type, json);
    };
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>(a.size());
    for (Object o : a) {
      out.add(String.valueOf(o));
    }
    return out;
  }
}
