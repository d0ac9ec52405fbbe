package org.voicebot.testcalls.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One short real run: two callers for 10 s against an in-process gateway; the report has every field. */
class BenchEndToEndTest {

  @Test
  void aShortRunWritesEveryFieldAndAccountsForEveryCall(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    int status = BenchCommand.run(new String[] {"--calls", "2", "--duration", "10", "--json", json.toString(),
        "--scenarios", "scenarios/intents/business-hours.yaml", "--scenarios", "scenarios/barge-in/talk-over-greeting.yaml"},
        Path.of(".."));

    assertThat(status).isZero();
    JsonObject r = new JsonObject(Files.readString(json));
    BenchFiguresTest.assertReportShape(r);
    assertThat(r.getInteger("concurrent_calls")).isEqualTo(2);
    assertThat(r.getInteger("calls_ended")).isGreaterThanOrEqualTo(2);
    assertThat(r.getJsonObject("response_ms").getInteger("count")).isPositive();
    // the caller talked over the greeting in one of the two scenarios, and the bot stopped
    assertThat(r.getJsonObject("barge_in_stop_ms").getLong("p50")).isNotNull();
    JsonObject soak = r.getJsonObject("soak");
    assertThat(soak.getInteger("calls_started")).isEqualTo(soak.getInteger("calls_ended"))
        .isEqualTo(r.getInteger("calls_started"));
    assertThat(soak.getInteger("stuck_sessions")).isZero();
    assertThat(Files.readAllBytes(dir.resolve("r.png"))).startsWith(0x89, 'P', 'N', 'G');
  }
}
