package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import org.voicebot.gateway.config.GatewayConfig;

/** 2. ARI accepts {@code ari.username}/{@code ari.password} (the ping of check 1 again, from memory). */
final class AriCredentialsCheck implements Check {

  static final String NAME = "ARI credentials";

  private final GatewayConfig.Ari ari;
  private final AriProbe probe;

  AriCredentialsCheck(GatewayConfig.Ari ari, AriProbe probe) {
    this.ari = ari;
    this.probe = probe;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> requires() {
    return List.of(AriReachableCheck.NAME);
  }

  @Override
  public Future<CheckResult> run() {
    return probe.get("/ari/asterisk/ping").map(reply -> {
      if (reply.status() == 200) {
        return CheckResult.ok(NAME, "user '" + ari.username() + "' accepted");
      }
      if (reply.status() == 401) {
        return CheckResult.fail(NAME, "ARI refused user '" + ari.username() + "' (401 " + reply.message() + ")",
            "/etc/asterisk/ari.conf needs a user section matching the gateway:\n"
                + "  [" + ari.username() + "]\n"
                + "  type = user\n"
                + "  read_only = no\n"
                + "  password = <the gateway's ari.password, best set as VOICEBOT_ARI_PASSWORD>\n"
                + "(the section name is ari.username; then: asterisk -rx 'module reload res_ari.so')");
      }
      return CheckResult.fail(NAME, "unexpected HTTP " + reply.status() + " (" + reply.message() + ")",
          "see the line above and the Asterisk log");
    }).otherwise(e -> CheckResult.fail(NAME, "no answer: " + AriReachableCheck.describe(e),
        "run ./voicebot doctor again; if it persists check Asterisk's load"));
  }
}
