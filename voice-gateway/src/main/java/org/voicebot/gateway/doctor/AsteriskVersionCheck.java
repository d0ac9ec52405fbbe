package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** 3. {@code GET /ari/asterisk/info}: {@code system.version} is a release the gateway was built against. */
final class AsteriskVersionCheck implements Check {

  static final String NAME = "Asterisk version";

  /** Major releases whose ARI, AudioSocket and Queue behave as the traces show. */
  private static final List<Integer> SUPPORTED = List.of(20, 21, 22);
  /** The first "major.minor" in strings like "22.10.1" or "certified-20.7-cert1". */
  private static final Pattern MAJOR = Pattern.compile("(\\d+)\\.\\d+");

  private final AriProbe probe;

  AsteriskVersionCheck(AriProbe probe) {
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
    return probe.get("/ari/asterisk/info").map(reply -> {
      if (reply.status() != 200) {
        return CheckResult.warn(NAME, "could not read it: HTTP " + reply.status() + " (" + reply.message() + ")",
            "asterisk -rx 'core show version'");
      }
      String version;
      try {
        version = reply.json().getJsonObject("system").getString("version", "");
      } catch (RuntimeException e) {
        return CheckResult.warn(NAME, "could not read system.version from /ari/asterisk/info",
            "asterisk -rx 'core show version'");
      }
      Matcher m = MAJOR.matcher(version);
      if (m.find() && SUPPORTED.contains(Integer.parseInt(m.group(1)))) {
        return CheckResult.ok(NAME, "Asterisk " + version + " (tested with 22.10.1)");
      }
      return CheckResult.warn(NAME, "Asterisk " + version + " is not 20.x, 21.x or 22.x (tested with 22.10.1)",
          "the bot may work, but ARI externalMedia/AudioSocket and Queue announcements were only verified on 20-22");
    }).otherwise(e -> CheckResult.warn(NAME, "could not read it: " + AriReachableCheck.describe(e),
        "asterisk -rx 'core show version'"));
  }
}
