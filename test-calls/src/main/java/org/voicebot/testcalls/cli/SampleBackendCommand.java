package org.voicebot.testcalls.cli;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.voicebot.testcalls.backend.SampleUtilityBackend;

/** {@code ./voicebot sample-backend [--port N]}: runs the sample utility backend until interrupted. */
final class SampleBackendCommand {

  private SampleBackendCommand() {}

  static int run(String[] args) throws Exception {
    int port = 8090;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        try {
          port = Integer.parseInt(args[++i]);
        } catch (NumberFormatException e) {
          System.err.println("sample-backend: --port needs a number, got '" + args[i] + "'");
          return 2;
        }
      } else {
        System.err.println("usage: voicebot sample-backend [--port 8090]");
        return 2;
      }
    }
    Vertx vertx = Vertx.vertx();
    SampleUtilityBackend backend = new SampleUtilityBackend(vertx, Clock.systemDefaultZone());
    String url = Harness.await(backend.start(port));
    System.out.println("sample utility backend on " + url + "  (gateway: VOICEBOT_DIALOG_BACKEND_URL=" + url + ")");
    System.out.println("accounts 40012345 (owes 45.50), 40054321 (nothing due), 40099999 (closed), 40050000 (fails);"
        + " outages at ZIP 90210 and 10001; Ctrl-C stops it");
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
    forever.await();
    vertx.close();
    return 0;
  }
}
