package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * 7, with AMI configured: the dialog's transfer queue exists, asked as {@code QueueSummary Queue: <queue>}
 * (app_queue lists a queue only if it is configured; privilege 0, so any manager user may ask), and its
 * members from {@code QueueStatus}. No member reachable is a WARN: the sample queues.conf's
 * {@code joinempty = unavailable,invalid} then sends every hand-over straight to voicemail.
 */
final class AmiQueueCheck implements Check {

  private final AmiProbe ami;
  private final Optional<String> queue;
  private final String dialogProblem;

  AmiQueueCheck(AmiProbe ami, Optional<String> queue, String dialogProblem) {
    this.ami = ami;
    this.queue = queue;
    this.dialogProblem = dialogProblem;
  }

  @Override
  public String name() {
    return TransferQueueCheck.NAME;
  }

  @Override
  public List<String> requires() {
    return List.of(AmiLoginCheck.NAME);
  }

  @Override
  public Future<CheckResult> run() {
    String name = TransferQueueCheck.NAME;
    if (queue.isEmpty()) {
      return Future.succeededFuture(CheckResult.fail(name, "the dialog could not be loaded: " + dialogProblem,
          "fix dialog.file (or dialog.builtIn) in the gateway configuration; ./voicebot serve reports the same"));
    }
    String q = queue.get();
    return ami.queue(q).map(r -> {
      if (!r.exists()) {
        return CheckResult.fail(name, "queue '" + q + "' (the dialog's transfer_queue) does not exist in Asterisk"
                + " (AMI QueueSummary does not list it)", TransferQueueCheck.addQueueFix(q));
      }
      String members = r.members().isEmpty() ? "no members"
          : r.members().stream().map(m -> m.location() + (m.reachable() ? "" : " (unreachable)")
              + (m.paused() ? " (paused)" : "")).collect(Collectors.joining(", "));
      if (r.loggedIn() == 0) {
        return CheckResult.warn(name, "queue '" + q + "' exists but no agent phone is reachable (" + members
                + "): with joinempty = unavailable,invalid every hand-over goes straight to voicemail",
            "register the agents' phones (asterisk -rx 'pjsip show endpoints'), or add your real agents as"
                + " member => lines in queues.conf [" + q + "], then: asterisk -rx 'module reload app_queue.so'");
      }
      return CheckResult.ok(name, "queue '" + q + "' exists (AMI): " + r.loggedIn() + " agent(s) reachable, "
          + r.available() + " available, " + r.callers() + " caller(s) waiting; members: " + members);
    }).otherwise(e -> CheckResult.fail(name, "could not ask AMI about queue '" + q + "': "
        + AriReachableCheck.describe(e), "asterisk -rx 'queue show " + q + "'"));
  }
}
