package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialogDefinitionTest {

  static final String VALID = String.join("\n",
      "name: tiny",
      "transfer_queue: agents",
      "prompts:",
      "  greeting: Hello.",
      "  help: Say what you need.",
      "  no_match: Sorry?",
      "  no_input: Hello?",
      "  confirm: \"Did you want to {label}?\"",
      "  anything_else: Anything else?",
      "  goodbye: Bye.",
      "  hand_over: Connecting you now.",
      "  system_error: Sorry, something broke.",
      "commands:",
      "  agent:",
      "    phrases: [agent]",
      "  yes:",
      "    phrases: [yes]",
      "  no:",
      "    phrases: [no]",
      "intents:",
      "  hours:",
      "    label: hear our hours",
      "    topic: opening hours",
      "    examples: [when are you open]",
      "    answer: We are open nine to five.",
      "");

  @Test
  void shippedDialogLoads() throws Exception {
    DialogDefinition d = DialogDefinition.builtIn("utility-support");
    assertThat(d.name()).isEqualTo("utility-support");
    assertThat(d.transferQueue()).isEqualTo("utility-agents");
    assertThat(d.intents().keySet()).contains("check_balance", "pay_bill", "report_outage", "outage_status",
        "business_hours", "start_service", "stop_service", "move_service", "update_contact", "complaint",
        "bereavement");
    assertThat(d.commands().values()).extracting(DialogDefinition.Command::intent)
        .contains("agent", "yes", "no", "repeat", "help", "goodbye");
  }

  @Test
  void minimalFileLoads() throws Exception {
    assertThat(DialogDefinition.parse("tiny.yaml", VALID).name()).isEqualTo("tiny");
  }

  @Test
  void unknownKeyNamesFileLineAndKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, VALID.replace("    examples: [when are you open]", "    exampels: [when are you open]"));
    assertThatThrownBy(() -> DialogDefinition.load(file))
        .isInstanceOf(DialogDefinitionException.class)
        .hasMessageStartingWith(file + ":24: key 'intents.hours.exampels': unknown key (allowed: label, topic, examples")
        .satisfies(e -> {
          DialogDefinitionException d = (DialogDefinitionException) e;
          assertThat(d.line()).isEqualTo(24);
          assertThat(d.key()).isEqualTo("intents.hours.exampels");
        });
  }

  @Test
  void otherErrorsNameLineAndKey() {
    assertError(VALID.replace("  goodbye: Bye.\n", ""), "tiny.yaml:3: key 'prompts.goodbye': missing (required)");
    assertError(VALID.replace("Did you want to {label}?", "Did you?"), "tiny.yaml:8: key 'prompts.confirm': must contain {label}");
    assertError(VALID.replace("nine to five.", "nine to five, {day}."),
        "tiny.yaml:25: key 'intents.hours.answer': unknown placeholder {day}");
    assertError(VALID + "    slots:\n      when:\n        type: datetime\n        prompt: When?\n",
        "tiny.yaml:28: key 'intents.hours.slots.when.type': unknown slot type 'datetime' (allowed: digits, postal_code,"
            + " phone, yes_no, money, date, text)");
    assertError(VALID + "keypad:\n  menu:\n    \"0\": hours\n", "tiny.yaml:28: key 'keypad.menu.0': a menu key is one digit 1-9");
    assertError(VALID + "keypad:\n  menu:\n    \"1\": hourz\n", "tiny.yaml:28: key 'keypad.menu.1': unknown intent 'hourz' (allowed: hours)");
    assertError(VALID + "escalation:\n  max_failures: three\n",
        "tiny.yaml:27: key 'escalation.max_failures': expected a whole number, got 'three'");
    assertError(VALID.replace("  hand_over: Connecting you now.", "  hand_over: [oops"), "tiny.yaml:");
    assertError(VALID.replace("    answer: We are open nine to five.", ""),
        "tiny.yaml:21: key 'intents.hours.answer': missing: an intent needs exactly one of");
  }

  @Test
  void unknownBuiltInIsAnError() {
    assertThatThrownBy(() -> DialogDefinition.builtIn("no-such-dialog"))
        .hasMessageContaining("classpath:dialogs/no-such-dialog.yaml");
  }

  static void assertError(String yaml, String messageStart) {
    assertThatThrownBy(() -> DialogDefinition.parse("tiny.yaml", yaml))
        .isInstanceOf(DialogDefinitionException.class)
        .hasMessageStartingWith(messageStart);
  }
}
