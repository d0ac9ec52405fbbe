package org.voicebot.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.config.ConfigException;
import org.voicebot.gateway.config.ConfigLoader;
import org.voicebot.gateway.config.GatewayConfig;

/** {@code voicebot serve [--config FILE]}: runs the gateway for a real Asterisk until stopped. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(serve(args));
  }

  /** Returns the process exit status: 0 after a clean stop, 2 for bad arguments or configuration, 1 otherwise. */
  public static int serve(String[] args) throws InterruptedException {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else {
        System.err.println("usage: voicebot serve [--config FILE]");
        return 2;
      }
    }
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      System.err.println("voicebot: configuration file " + file.get() + " does not exist");
      return 2;
    }
    GatewayConfig config;
    try {
      config = ConfigLoader.load(file, System.getenv());
    } catch (ConfigException e) {
      System.err.println("voicebot: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS));
    CountDownLatch stopped = new CountDownLatch(1);
    int[] status = {0};
    GatewayServer.start(vertx, config).onSuccess(server -> {
      log.info("voicebot gateway ready: HTTP {}:{}, AudioSocket {}:{}, ARI app '{}' at {}", config.http().host(),
          server.httpPort(), config.audiosocket().host(), server.audioSocketPort(), config.ari().app(),
          config.ari().url());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("stopping");
        server.stop().toCompletionStage().toCompletableFuture().join();
        vertx.close();
      }));
    }).onFailure(e -> {
      log.error("voicebot gateway could not start: {}", e.getMessage(), e);
      status[0] = e instanceof ConfigException ? 2 : 1;
      stopped.countDown();
    });
    stopped.await();
    vertx.close();
    return status[0];
  }
}
