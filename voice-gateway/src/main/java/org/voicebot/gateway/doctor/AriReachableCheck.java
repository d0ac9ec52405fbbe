package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import org.voicebot.gateway.config.GatewayConfig;

/** 1. Something answers HTTP at {@code ari.url} and it is ARI: {@code GET /ari/asterisk/ping}. */
final class AriReachableCheck implements Check {

  static final String NAME = "ARI reachable";

  private final GatewayConfig.Ari ari;
  private final AriProbe probe;

  AriReachableCheck(GatewayConfig.Ari ari, AriProbe probe) {
    this.ari = ari;
    this.probe = probe;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<CheckResult> run() {
    if (!ari.enabled()) {
      return Future.succeededFuture(CheckResult.skip(NAME, "ari.enabled is false (FastAGI entry only)"));
    }
    String url = probe.shownUrl();
    return probe.get("/ari/asterisk/ping").map(reply -> {
      // The ping needs credentials too, so a 401 still proves ARI is there; check 2 judges it.
      if (reply.status() == 200 || reply.status() == 401) {
        return CheckResult.ok(NAME, "ARI answers at " + url);
      }
      if (reply.status() == 404) {
        return CheckResult.fail(NAME, "the HTTP server at " + url + " answers, but " + url
            + "/ari/asterisk/ping is 404 (" + reply.message() + "): ARI is not enabled",
            "in /etc/asterisk/ari.conf [general]: enabled = yes\n"
                + "asterisk -rx 'module load res_ari.so'   (and res_ari_asterisk.so, res_ari_applications.so, ...)\n"
                + "check with: asterisk -rx 'ari show status'");
      }
      return CheckResult.fail(NAME, "GET " + url + "/ari/asterisk/ping answered HTTP " + reply.status()
          + " (" + reply.message() + "), expected 200", "check that ari.url points at Asterisk's HTTP server"
          + " (http.conf bindaddr/bindport, and prefix if one is set)");
    }).otherwise(e -> CheckResult.fail(NAME, "no HTTP answer from " + url + ": " + describe(e),
        "in /etc/asterisk/http.conf [general]: enabled = yes, bindaddr = 127.0.0.1, bindport = 8088\n"
            + "  (they must match ari.url = " + url + ")\n"
            + "in /etc/asterisk/ari.conf [general]: enabled = yes\n"
            + "then: asterisk -rx 'module reload http'; asterisk -rx 'module load res_ari.so'\n"
            + "check with: asterisk -rx 'http show status' (lists the bound address and /ari/...)"));
  }

  /** A transport failure in words, without a stack trace. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }
}
