package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import org.voicebot.gateway.config.GatewayConfig;

/**
 * 4. {@code GET /ari/applications/{ari.app}}: Asterisk knows the Stasis app only while the gateway's
 * event WebSocket is connected, so a 404 means calls would fail open straight to the queue.
 */
final class StasisAppCheck implements Check {

  static final String NAME = "Stasis app registered";

  private final GatewayConfig.Ari ari;
  private final AriProbe probe;

  StasisAppCheck(GatewayConfig.Ari ari, AriProbe probe) {
    this.ari = ari;
    this.probe = probe;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> requires() {
    return List.of(AriCredentialsCheck.NAME);
  }

  @Override
  public Future<CheckResult> run() {
    // ari.app is validated to [A-Za-z0-9._-], so it needs no escaping in the path.
    return probe.get("/ari/applications/" + ari.app()).map(reply -> {
      if (reply.status() == 200) {
        return CheckResult.ok(NAME, "app '" + ari.app() + "' is registered (the gateway is connected to ARI)");
      }
      if (reply.status() == 404) {
        return CheckResult.fail(NAME, "Asterisk has no Stasis app '" + ari.app() + "': Stasis(" + ari.app()
                + ") calls fail open to the queue",
            "the gateway is not running or not connected to ARI: start ./voicebot serve; check its log for 'ARI'\n"
                + "the name in extensions.conf Stasis(...) must equal ari.app ('" + ari.app() + "')");
      }
      return CheckResult.warn(NAME, "could not check: HTTP " + reply.status() + " (" + reply.message() + ")",
          "asterisk -rx 'ari show apps'");
    }).otherwise(e -> CheckResult.warn(NAME, "could not check: " + AriReachableCheck.describe(e),
        "asterisk -rx 'ari show apps'"));
  }
}
