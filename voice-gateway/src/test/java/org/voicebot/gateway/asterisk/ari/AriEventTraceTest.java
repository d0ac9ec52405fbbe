package org.voicebot.gateway.asterisk.ari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every WebSocket frame Asterisk 22.10.1 sent in the captured traces, through the gateway's event parser. */
class AriEventTraceTest {

  static List<JsonObject> frames(String file) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        AriEventTraceTest.class.getResourceAsStream("/asterisk-traces/" + file), file), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          out.add(new JsonObject(line));
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"01-ari-stasis-lifecycle.events.jsonl", "01b-ari-caller-hangup-local.events.jsonl",
      "01c-ari-caller-hangup-sip.events.jsonl", "02-ari-rest-catalogue.events.jsonl",
      "03-externalmedia-audiosocket.events.jsonl"})
  void everyCapturedFrameParsesAndTheTypeIsKept(String file) throws IOException {
    List<JsonObject> frames = frames(file);
    assertThat(frames).isNotEmpty();
    for (JsonObject f : frames) {
      AriEvent e = AriEvent.parse(f);
      String type = f.getString("type");
      if (e instanceof AriEvent.Other o) {
        assertThat(o.type()).isEqualTo(type);
        assertThat(type).isNotIn("StasisStart", "StasisEnd", "ChannelHangupRequest", "ChannelDestroyed",
            "ChannelDtmfReceived");
      } else {
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
      }
    }
  }

  @Test
  void stasisLifecycleGivesArgsStateCallerAndDtmf() throws IOException {
    List<AriEvent> events = frames("01-ari-stasis-lifecycle.events.jsonl").stream().map(AriEvent::parse).toList();
    AriEvent.StasisStart start = (AriEvent.StasisStart) events.get(0);
    assertThat(start.args()).containsExactly("100", "trace-arg2");
    assertThat(start.channel().state()).isEqualTo("Ring");
    assertThat(start.channel().callerNumber()).isEqualTo("5551234");
    assertThat(start.channel().callerName()).isEqualTo("Trace Caller");
    assertThat(start.channel().isExternalMedia()).isFalse();
    assertThat(events).filteredOn(AriEvent.ChannelDtmfReceived.class::isInstance).singleElement()
        .satisfies(e -> {
          AriEvent.ChannelDtmfReceived d = (AriEvent.ChannelDtmfReceived) e;
          assertThat(d.digit()).isEqualTo('5');
          assertThat(d.durationMs()).isEqualTo(100);
        });
    // subscribeAll=false: a dialplan channel gets StasisEnd and no ChannelDestroyed
    assertThat(events.get(events.size() - 1)).isInstanceOf(AriEvent.StasisEnd.class);
    assertThat(events).noneMatch(AriEvent.ChannelDestroyed.class::isInstance);
  }

  @Test
  void hangupCausesDifferByCallerKind() throws IOException {
    AriEvent.ChannelHangupRequest local = firstHangup("01b-ari-caller-hangup-local.events.jsonl");
    AriEvent.ChannelHangupRequest sip = firstHangup("01c-ari-caller-hangup-sip.events.jsonl");
    assertThat(local.cause()).isEqualTo(16);
    assertThat(sip.cause()).as("SIP BYE carries no cause field").isNull();
  }

  @Test
  void externalMediaChannelsAreRecognisedAsOurOwnLeg() throws IOException {
    List<AriEvent.StasisStart> starts = frames("03-externalmedia-audiosocket.events.jsonl").stream()
        .map(AriEvent::parse).filter(AriEvent.StasisStart.class::isInstance).map(AriEvent.StasisStart.class::cast)
        .toList();
    assertThat(starts).anyMatch(s -> s.channel().isExternalMedia());
    assertThat(starts).anyMatch(s -> !s.channel().isExternalMedia());
    assertThat(starts).filteredOn(s -> s.channel().isExternalMedia())
        .allMatch(s -> s.channel().name().startsWith("AudioSocket/"));
  }

  @Test
  void aFrameWithoutTypeIsAClearError() {
    assertThatThrownBy(() -> AriEvent.parse(new JsonObject().put("channel", new JsonObject().put("id", "1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    assertThatThrownBy(() -> AriEvent.parse(new JsonObject().put("type", "ChannelDtmfReceived").put("digit", "12")
        .put("channel", new JsonObject().put("id", "1")))).hasMessageContaining("digit");
  }

  private static AriEvent.ChannelHangupRequest firstHangup(String file) throws IOException {
    return frames(file).stream().map(AriEvent::parse).filter(AriEvent.ChannelHangupRequest.class::isInstance)
        .map(AriEvent.ChannelHangupRequest.class::cast).findFirst().orElseThrow();
  }
}
