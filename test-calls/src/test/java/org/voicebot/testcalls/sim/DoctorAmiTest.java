package org.voicebot.testcalls.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.testcalls.sim.AriTestClient.await;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.doctor.Doctor;

/**
 * Issue 17, item 4: {@code ./voicebot doctor} checks the transfer queue for real through AMI when {@code ami.*}
 * is configured (Asterisk-Java's manager connection against the simulator's AMI: banner, Challenge/Login,
 * CoreSettings, QueueSummary, QueueStatus, Logoff), with an OK, WARN or FAIL line of its own and a fix.
 */
class DoctorAmiTest {

  private static final Pattern LINE = Pattern.compile("^(OK|WARN|FAIL|SKIP)\\s+([^:]+): (.*)$", Pattern.MULTILINE);
  private static final String AMI_SECRET = "ami-S3cret/with+odd=chars";

  private Vertx vertx;
  private AsteriskSimulator sim;
  private int amiPort;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults()));
    amiPort = await(sim.startAmi("voicebot-doctor", AMI_SECRET, Set.of("reporting")));
  }

  @AfterEach
  void stop() {
    await(sim.close());
    await(vertx.close());
  }

  private record Run(int status, String out) {
    Map<String, String> statuses() {
      Map<String, String> m = new LinkedHashMap<>();
      Matcher matcher = LINE.matcher(out);
      while (matcher.find()) {
        m.put(matcher.group(2), matcher.group(1));
      }
      return m;
    }

    String detail(String check) {
      Matcher matcher = LINE.matcher(out);
      while (matcher.find()) {
        if (matcher.group(2).equals(check)) {
          return matcher.group(3);
        }
      }
      throw new AssertionError("no line for " + check + " in\n" + out);
    }
  }

  private Run doctor(String amiPassword) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VOICEBOT_ARI_URL", sim.ariUrl());
    env.put("VOICEBOT_ARI_PASSWORD", "voicebot");
    env.put("VOICEBOT_AMI_USERNAME", "voicebot-doctor");
    env.put("VOICEBOT_AMI_PASSWORD", amiPassword);
    env.put("VOICEBOT_AMI_PORT", Integer.toString(amiPort));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Doctor.run(new String[0], env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text + err.toString(StandardCharsets.UTF_8)).as("the AMI secret is never printed")
        .doesNotContain(AMI_SECRET);
    return new Run(status, text);
  }

  @Test
  void theQueueExistsWithAReachableAgent() {
    sim.defineQueue("utility-agents", QueueBehaviour.agentAnswersAfter(Duration.ofSeconds(1))
        .withAgentChannel("PJSIP/1001"));

    Run run = doctor(AMI_SECRET);

    assertThat(run.statuses()).containsEntry("AMI login", "OK").containsEntry("Transfer queue", "OK");
    assertThat(run.detail("AMI login")).contains("voicebot-doctor").contains("Asterisk Call Manager/11.0.0");
    assertThat(run.detail("Transfer queue")).contains("queue 'utility-agents' exists (AMI)")
        .contains("1 agent(s) reachable").contains("PJSIP/1001");
  }

  @Test
  void aMissingQueueFailsWithTheQueuesConfFix() {
    sim.defineQueue("other-queue", QueueBehaviour.nobodyAnswers());

    Run run = doctor(AMI_SECRET);

    assertThat(run.statuses()).containsEntry("AMI login", "OK").containsEntry("Transfer queue", "FAIL");
    assertThat(run.detail("Transfer queue")).contains("'utility-agents'").contains("does not exist");
    assertThat(run.out()).contains("queues.conf").contains("[utility-agents]").contains("module reload app_queue.so");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void aQueueWhoseOnlyAgentIsUnregisteredWarnsThatEveryCallGoesToVoicemail() {
    sim.defineQueue("utility-agents", QueueBehaviour.agentAnswersAfter(Duration.ofSeconds(1))
        .withAgentChannel("PJSIP/1001").withMemberUnavailable());

    Run run = doctor(AMI_SECRET);

    assertThat(run.statuses()).containsEntry("Transfer queue", "WARN");
    assertThat(run.detail("Transfer queue")).contains("no agent phone is reachable").contains("voicemail")
        .contains("PJSIP/1001 (unreachable)");
  }

  @Test
  void aWrongAmiSecretFailsTheLoginWithTheManagerConfFixAndSkipsTheQueue() {
    sim.defineQueue("utility-agents", QueueBehaviour.nobodyAnswers());

    Run run = doctor("not-the-secret");

    assertThat(run.statuses()).containsEntry("AMI login", "FAIL").containsEntry("Transfer queue", "SKIP");
    assertThat(run.out()).contains("manager.conf").contains("[voicebot-doctor]").contains("manager reload");
    assertThat(run.out()).doesNotContain("not-the-secret");
  }
}
