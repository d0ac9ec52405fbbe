package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * 7. The active dialog's transfer queue exists in Asterisk, asked as
 * {@code GET /ari/asterisk/variable?variable=QUEUE_EXISTS(<queue>)}, after making sure app_queue is
 * loaded at all ({@code GET /ari/asterisk/modules/app_queue.so}, 404 when it is not).
 *
 * <p>Whether that variable is evaluated is doubtful. In every asterisk/asterisk version of
 * res/ari/resource_asterisk.c we could read (searched for {@code ast_ari_asterisk_get_global_var};
 * the newest has {@code ast_ari_asterisk_ping}, so Asterisk 16.2 or later) the handler reads the
 * name with {@code ast_str_retrieve_variable(&tmp, 0, NULL, NULL, args->variable)} and answers
 * {@code {"value":""}} for anything that is not a global variable; it is the channel variable
 * resource (resource_channels.c) that calls {@code ast_func_read2} for a name ending in ')'. So "1"
 * and "0" are trusted, and an empty value is a WARN ("could not check"), never a pass or a fail.
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
              "add to /etc/asterisk/queues.conf:\n"
                  + "  [" + q + "]\n"
                  + "  strategy = ringall\n"
                  + "  member => PJSIP/agent1   (one line per agent phone)\n"
                  + "then: asterisk -rx 'module reload app_queue.so'");
        }
        return CheckResult.warn(NAME, "could not check queue '" + q + "': this Asterisk does not evaluate "
            + "QUEUE_EXISTS() in GET /ari/asterisk/variable (value '" + value + "')", byHand);
      });
    }).otherwise(e -> CheckResult.warn(NAME, "could not check queue '" + q + "': "
        + AriReachableCheck.describe(e), byHand));
  }

  private static String valueOf(AriProbe.Reply reply) {
    try {
      return reply.json().getString("value", "").strip();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
