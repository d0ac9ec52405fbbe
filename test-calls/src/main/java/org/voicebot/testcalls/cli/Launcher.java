package org.voicebot.testcalls.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.voicebot.gateway.Main;
import org.voicebot.gateway.bench.SpeechBenchmark;
import org.voicebot.gateway.doctor.Doctor;

/** The {@code ./voicebot} commands: demo, test-calls, serve, doctor, sample-backend, bench, bench-speech. */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    Path home = Path.of(System.getProperty("voicebot.home", "."));
    int status = switch (args[0]) {
      case "demo" -> DemoCommand.run(home);
      case "test-calls" -> TestCallsCommand.run(rest);
      case "serve" -> Main.serve(rest);
      case "doctor" -> Doctor.run(rest);
      case "sample-backend" -> SampleBackendCommand.run(rest);
      case "bench-speech" -> SpeechBenchmark.run(rest);
      case "bench" -> org.voicebot.testcalls.bench.BenchCommand.run(rest, home);
      case "nlu-eval" -> NluEvalCommand.run(rest);
      case "frustration-report" -> org.voicebot.testcalls.report.FrustrationReportCommand.run(rest, home);
      default -> {
        usage();
        yield 2;
      }
    };
    System.exit(status);
  }

  private static void usage() {
    System.err.println("""
        usage: voicebot COMMAND
          demo                                   a few scripted calls against an in-process gateway
          test-calls [--json F] [--concurrency N] PATH...   run scenario files
          serve [--config FILE]                  run the gateway for a real Asterisk
          doctor [--config FILE]                 check the configured Asterisk and gateway ports
          sample-backend [--port 8090]           the sample utility backend (set dialog.backendUrl to it)
          bench [--calls N] [--duration S] [--scenarios PATH]... [--json F] [--find-capacity]
                                                 whole-call load benchmark and soak (BENCHMARKS.md)
          bench-speech [--max-streams N] [--calls N] [--fixtures DIR]   speech engine figures for this machine
          frustration-report [--json F | PATH...]   escalation precision/recall of the labelled frustration set
          nlu-eval [--dialog FILE] [--json OUT] [--errors] FILE.tsv   understanding of labelled utterances""");
  }
}
