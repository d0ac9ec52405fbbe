package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogDefinitionException;
import org.voicebot.gateway.config.ConfigException;
import org.voicebot.gateway.config.ConfigLoader;
import org.voicebot.gateway.config.GatewayConfig;

/**
 * {@code voicebot doctor [--config FILE]}: checks, from the gateway's own configuration, that the
 * configured Asterisk and the gateway can work together, and prints one line per {@link Check}
 * ({@code OK}, {@code WARN}, {@code FAIL} or {@code SKIP}) with the fix under each problem. Read-only:
 * it never changes Asterisk, and it never prints the ARI password.
 */
public final class Doctor {

  private final List<Check> checks;
  private final AriProbe probe;
  private final AmiProbe ami;

  /** Builds the checks in report order; nothing is contacted until {@link #examine()}. */
  public Doctor(Vertx vertx, GatewayConfig config) {
    this.probe = new AriProbe(vertx, config.ari());
    int timeoutMs = config.ari().requestTimeoutMs();
    GatewayConfig.AudioSocket as = config.audiosocket();
    GatewayConfig.Agi agi = config.agi();
    String audioSocketAt = as.advertisedAddress(as.port());
    String agiAt = loopbackIfWildcard(agi.host()) + ":" + agi.port();

    List<Check> list = new ArrayList<>();
    list.add(new AriReachableCheck(config.ari(), probe));
    list.add(new AriCredentialsCheck(config.ari(), probe));
    list.add(new AsteriskVersionCheck(probe));
    list.add(new StasisAppCheck(config.ari(), probe));
    list.add(new ListeningPortCheck(vertx, "AudioSocket port", audioSocketAt, timeoutMs,
        "the gateway is not running (start ./voicebot serve), or it listens elsewhere: audiosocket.host = "
            + as.host() + ", audiosocket.port = " + as.port() + "\n"
            + "Asterisk connects to audiosocket.advertisedHost (" + audioSocketAt + "): that address must be"
            + " reachable from the Asterisk host (firewall: allow Asterisk only)"));
    if (agi.enabled()) {
      list.add(new ListeningPortCheck(vertx, "FastAGI port", agiAt, timeoutMs,
          "the gateway is not running (start ./voicebot serve), or it listens elsewhere: agi.host = "
              + agi.host() + ", agi.port = " + agi.port() + "\n"
              + "extensions.conf [globals] VOICEBOT_AGI must be this address as Asterisk reaches it"
              + " (firewall: allow Asterisk only)"));
    } else {
      list.add(skipped("FastAGI port", "agi.enabled is false (the ARI entry only)"));
    }
    Optional<String> queue = Optional.empty();
    String dialogProblem = "";
    try {
      Optional<Path> file = config.dialog().file();
      DialogDefinition dialog = file.isPresent() ? DialogDefinition.load(file.get())
          : DialogDefinition.builtIn(config.dialog().builtIn());
      queue = Optional.of(dialog.transferQueue());
    } catch (DialogDefinitionException e) {
      dialogProblem = e.getMessage();
    }
    if (config.ami().configured()) {
      this.ami = new AmiProbe(vertx, config.ami(), timeoutMs);
      list.add(new AmiLoginCheck(ami));
      list.add(new AmiQueueCheck(ami, queue, dialogProblem));
    } else {
      this.ami = null;
      list.add(skipped(AmiLoginCheck.NAME, "ami.username is not set: the queue is looked at over ARI only"));
      list.add(new TransferQueueCheck(probe, queue, dialogProblem));
    }
    this.checks = List.copyOf(list);
  }

  public List<Check> checks() {
    return checks;
  }

  /**
   * Runs the checks one after another; a check whose {@link Check#requires()} include a FAIL or SKIP
   * is reported as SKIP with the reason. Never fails.
   */
  public Future<List<CheckResult>> examine() {
    List<CheckResult> results = new ArrayList<>();
    Map<String, CheckResult.Status> byName = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Check check : checks) {
      chain = chain.compose(v -> {
        Optional<String> blocker = check.requires().stream()
            .filter(r -> byName.get(r) == CheckResult.Status.FAIL || byName.get(r) == CheckResult.Status.SKIP)
            .findFirst();
        Future<CheckResult> result = blocker.isPresent()
            ? Future.succeededFuture(CheckResult.skip(check.name(),
                "needs '" + blocker.get() + "' (" + byName.get(blocker.get()) + ")"))
            : check.run().otherwise(e -> CheckResult.fail(check.name(),
                "the check itself failed: " + AriReachableCheck.describe(e), "please report this"));
        return result.map(r -> {
          results.add(r);
          byName.put(r.name(), r.status());
          return null;
        });
      });
    }
    return chain.map(v -> List.copyOf(results)).eventually(() -> {
      probe.close();
      return ami == null ? Future.succeededFuture() : ami.close();
    });
  }

  /** The report: one line per result, fix lines indented under it, then a count. */
  public static String format(List<CheckResult> results) {
    StringBuilder b = new StringBuilder();
    Map<CheckResult.Status, Integer> counts = new EnumMap<>(CheckResult.Status.class);
    for (CheckResult r : results) {
      counts.merge(r.status(), 1, Integer::sum);
      b.append(String.format("%-4s  %s: %s%n", r.status(), r.name(), r.detail()));
      boolean showFix = r.status() == CheckResult.Status.FAIL || r.status() == CheckResult.Status.WARN;
      if (showFix && !r.fix().isBlank()) {
        String[] lines = r.fix().split("\n");
        for (int i = 0; i < lines.length; i++) {
          b.append(i == 0 ? "      fix: " : "           ").append(lines[i]).append(System.lineSeparator());
        }
      }
    }
    b.append(String.format("%d OK, %d WARN, %d FAIL, %d SKIP%n", counts.getOrDefault(CheckResult.Status.OK, 0),
        counts.getOrDefault(CheckResult.Status.WARN, 0), counts.getOrDefault(CheckResult.Status.FAIL, 0),
        counts.getOrDefault(CheckResult.Status.SKIP, 0)));
    return b.toString();
  }

  /** 0 when nothing failed, 1 otherwise. */
  public static int exitStatus(List<CheckResult> results) {
    return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL) ? 1 : 0;
  }

  /** The {@code voicebot doctor} command: exit status 0 (no FAIL), 1 (a FAIL) or 2 (bad arguments or configuration). */
  public static int run(String[] args) {
    return run(args, System.getenv(), System.out, System.err);
  }

  /** As {@link #run(String[])} with the environment and output given (for tests). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else {
        err.println("usage: voicebot doctor [--config FILE]");
        return 2;
      }
    }
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      err.println("voicebot: configuration file " + file.get() + " does not exist");
      return 2;
    }
    GatewayConfig config;
    try {
      // Loaded exactly as 'serve' loads it, so the doctor checks what the gateway would use.
      config = ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      err.println("voicebot: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      out.println("voicebot doctor: ARI " + AriProbe.shownUrl(config.ari().url()) + " as user '"
          + config.ari().username() + "', Stasis app '" + config.ari().app() + "'"
          + file.map(f -> ", configuration " + f).orElse(", default configuration"));
      long limitMs = 10L * config.ari().requestTimeoutMs() + 10_000;
      List<CheckResult> results = new Doctor(vertx, config).examine()
          .toCompletionStage().toCompletableFuture().get(limitMs, TimeUnit.MILLISECONDS);
      out.print(format(results));
      out.flush();
      return exitStatus(results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("voicebot doctor: interrupted");
      return 1;
    } catch (Exception e) {
      err.println("voicebot doctor: the checks did not finish: " + AriReachableCheck.describe(e));
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static Check skipped(String name, String why) {
    return new Check() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<CheckResult> run() {
        return Future.succeededFuture(CheckResult.skip(name, why));
      }
    };
  }

  private static String loopbackIfWildcard(String host) {
    if (host.equals("0.0.0.0") || host.equals("*")) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
