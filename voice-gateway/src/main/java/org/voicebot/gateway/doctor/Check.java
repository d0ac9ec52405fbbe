package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;

/** One thing {@code voicebot doctor} verifies about the Asterisk and gateway set-up. */
public interface Check {

  /** Short name shown on the report line, e.g. "ARI reachable". */
  String name();

  /**
   * Names of earlier checks this one builds on; when any of them is FAIL or SKIP this check is
   * reported as SKIP instead of being run (a wrong password makes every later ARI answer a 401).
   */
  default List<String> requires() {
    return List.of();
  }

  /** Runs the check; the future never fails (a problem is a FAIL or WARN result). */
  Future<CheckResult> run();
}
