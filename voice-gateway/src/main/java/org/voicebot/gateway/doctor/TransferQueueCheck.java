package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * 7. The active dialog's transfer queue exists in Asterisk, asked as
 * {@code GET /ari/asterisk/variable?variable=QUEUE_EXISTS(<queue>)}, after making sure app_queue is
 * loaded at all ({@code GET /ari/asterisk/modules/app_queue.so}, 404 when it is not).
 *
 * <p>That variable is not evaluated: res/ari/resource_asterisk.c reads the name with
 * {@code ast_str_retrieve_variable(&tmp, 0, NULL, NULL, args->variable)} and answers {@code {"value":""}}
 * for anything that is not a global variable (it is the channel variable resource that calls
 * {@code ast_func_read2} for a name ending in ')'); measured on 22.10.1: always empty. So "1" and "0"
 * are trusted, and an empty value is a WARN saying why, never a pass or a fail. With {@code ami.*}
 * configured the doctor asks AMI instead ({@link AmiQueueCheck}).
 */
final class TransferQueueCheck implements Check {

  static final String NAME = "Transfer queue";

  private final AriProbe probe;
  private final Optional<String> queue;
  private final String dialogProblem;

  /**
   * @param queue the dialog's transfer queue, or empty when the dialog could not be loaded
   * @param dialogProblem why the dialog could not be loaded (used when {@code queue} is empty)
   */
  TransferQueueCheck(AriProbe probe, Optional<String> queue, String dialogProblem) {
    this.probe = probe;
    this.queue = queue;
    this.dialogProblem = dialogProblem;
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
    if (queue.isEmpty()) {
      return Future.succeededFuture(CheckResult.fail(NAME, "the dialog could not be loaded: " + dialogProblem,
          "fix dialog.file (or dialog.builtIn) in the gateway configuration; ./voicebot serve reports the same"));
    }
    String q = queue.get();
    String byHand = "check by hand: asterisk -rx 'queue show " + q + "'";
    return probe.get("/ari/asterisk/modules/app_queue.so").compose(module -> {
      if (module.status() == 404) {
        return Future.succeededFuture(CheckResult.fail(NAME, "app_queue is not loaded, so queue '" + q
                + "' cannot exist and transferred callers cannot reach an agent",
            "asterisk -rx 'module load app_queue.so' (and make sure modules.conf does not noload it)"));
      }
      return probe.get("/ari/asterisk/variable", "variable", "QUEUE_EXISTS(" + q + ")").map(reply -> {
        if (reply.status() != 200) {
          return CheckResult.warn(NAME, "could not check queue '" + q + "': HTTP " + reply.status()
              + " (" + reply.message() + ")", byHand);
        }
        String value = valueOf(reply);
        if (value.equals("1")) {
          return CheckResult.ok(NAME, "queue '" + q + "' exists");
        }
        if (value.equals("0")) {
          return CheckResult.fail(NAME, "queue '" + q + "' (the dialog's transfer_queue) does not exist in Asterisk",
              addQueueFix(q));
        }
        return CheckResult.warn(NAME, "app_queue is loaded, but whether queue '" + q + "' exists cannot be checked"
            + " over ARI: GET /ari/asterisk/variable reads global variables only and does not evaluate functions"
            + " such as QUEUE_EXISTS() (Asterisk 22 answers '" + value + "')", byHand
            + "\nor set ami.username and ami.password (VOICEBOT_AMI_PASSWORD) so the doctor asks AMI (QueueSummary)");
      });
    }).otherwise(e -> CheckResult.warn(NAME, "could not check queue '" + q + "': "
        + AriReachableCheck.describe(e), byHand));
  }

  /** What to add to queues.conf for a missing queue. */
  static String addQueueFix(String q) {
    return "add to /etc/asterisk/queues.conf:\n"
        + "  [" + q + "]\n"
        + "  strategy = ringall\n"
        + "  member => PJSIP/agent1   (one line per agent phone)\n"
        + "then: asterisk -rx 'module reload app_queue.so'";
  }

  private static String valueOf(AriProbe.Reply reply) {
    try {
      return reply.json().getString("value", "").strip();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
