package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.dialog.DialogDefinitionTest.assertError;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.CallBackend;
import org.voicebot.dialog.DialogAction.SlotFilled;
import org.voicebot.dialog.DialogState.Phase;

/** Intents fulfilled by a backend request: the request, each kind of reply, failures, and secrets kept secret. */
class BackendFulfillmentTest {

  static final String DIALOG = DialogDefinitionTest.VALID + String.join("\n",
      "  balance:",
      "    label: check your balance",
      "    topic: a balance enquiry",
      "    examples: [what is my balance, how much do i owe]",
      "    slots:",
      "      account_number:",
      "        type: digits",
      "        min_length: 8",
      "        max_length: 8",
      "        prompt: What is your account number?",
      "        reprompt: Please key in your eight digit account number.",
      "    backend:",
      "      operation: balance",
      "      idempotent: true",
      "      say: One moment while I look that up.",
      "      send:",
      "        account: \"{account_number}\"",
      "      fields:",
      "        amount_due: money",
      "        due_date: date",
      "      replies:",
      "        ok:",
      "          answer: \"You owe {amount_due}, due on {due_date}.\"",
      "        not_found:",
      "          retry: account_number",
      "          say: \"I could not find account {account_number}.\"",
      "        closed:",
      "          transfer: policy",
      "          say: That account is closed. A colleague will help.",
      "  pay:",
      "    label: pay a bill",
      "    topic: a payment",
      "    examples: [pay my bill, make a payment]",
      "    slots:",
      "      amount:",
      "        type: money",
      "        prompt: How much would you like to pay?",
      "      card_number:",
      "        type: digits",
      "        min_length: 15",
      "        max_length: 16",
      "        sensitive: true",
      "        prompt: Please key in your card number, then press pound.",
      "    backend:",
      "      operation: payment",
      "      send:",
      "        amount: \"{amount}\"",
      "        card: \"{card_number}\"",
      "      fields:",
      "        confirmation: digits",
      "      replies:",
      "        ok:",
      "          answer: \"Your payment of {amount} is done. Confirmation {confirmation}.\"",
      "");

  static final String CARD = "4111111111111111";

  final DialogEngine engine = engine();
  final Calls call = new Calls(engine, "+15550001111");

  static DialogEngine engine() {
    try {
      return new DialogEngine(DialogDefinition.parse("backend.yaml", DIALOG), FrustrationConfig.defaults(), Encoders.bundled());
    } catch (DialogDefinitionException e) {
      throw new AssertionError(e);
    }
  }

  private CallBackend askForBalance() {
    call.send(new DialogInput.CallStarted("+15550001111", LocalDate.of(2026, 11, 29)));
    call.say("what is my balance");
    List<DialogAction> actions = call.keys("40012345#");
    assertThat(Calls.spoken(actions)).contains("One moment");
    assertThat(call.state.phase()).isEqualTo(Phase.AWAITING_BACKEND);
    return actions.stream().filter(CallBackend.class::isInstance).map(CallBackend.class::cast).findFirst().orElseThrow();
  }

  @Test
  void filledSlotsBecomeTheRequest() {
    CallBackend req = askForBalance();
    assertThat(req.operation()).isEqualTo("balance");
    assertThat(req.intent()).isEqualTo("balance");
    assertThat(req.request()).containsExactlyEntriesOf(Map.of("account", "40012345"));
    assertThat(req.idempotent()).isTrue();
  }

  @Test
  void anAnswerReplyIsSpokenWithTypedFields() {
    askForBalance();
    List<DialogAction> said = call.send(new DialogInput.BackendReplied("ok",
        Map.of("amount_due", "45.50", "due_date", "2026-12-15", "internal", "x")));
    assertThat(Calls.spoken(said)).contains("You owe 45 dollars and 50 cents, due on Tuesday, December 15th.")
        .contains("Anything else?");
    assertThat(call.state.phase()).isEqualTo(Phase.ANYTHING_ELSE);
    assertThat(call.state.resolved()).containsExactly("balance");
  }

  @Test
  void aRetryReplyAsksForTheSlotAgainAndGivesUpAfterTheLimit() {
    askForBalance();
    List<DialogAction> said = call.send(new DialogInput.BackendReplied("not_found", Map.of()));
    assertThat(Calls.spoken(said)).contains("I could not find account 4 0 0 1 2 3 4 5")
        .contains("eight digit account number");
    assertThat(call.state.slots()).doesNotContainKey("account_number");
    assertThat(call.state.phase()).isEqualTo(Phase.COLLECTING_SLOT);
    for (int i = 0; i < 5 && call.transfer() == null; i++) {
      call.keys("40012345#");
      call.send(new DialogInput.BackendReplied("not_found", Map.of()));
    }
    assertThat(call.transfer()).isNotNull();
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.REPEATED_FAILURE);
  }

  @Test
  void aTransferReplyHandsOverWithItsReason() {
    askForBalance();
    List<DialogAction> said = call.send(new DialogInput.BackendReplied("closed", Map.of()));
    assertThat(Calls.spoken(said)).contains("That account is closed").contains("Connecting you now");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.POLICY);
  }

  @Test
  void aFailedOrUnexpectedBackendApologisesAndTransfersAsSystemError() {
    askForBalance();
    List<DialogAction> said = call.send(new DialogInput.BackendFailed("timeout after 1 retry"));
    assertThat(Calls.spoken(said)).contains("Sorry, something broke.").contains("Connecting you now");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.SYSTEM_ERROR);
    assertThat(call.transfer().summary().text()).contains("system error");

    Calls other = new Calls(engine, "+15550002222");
    other.send(new DialogInput.CallStarted("+15550002222", LocalDate.of(2026, 11, 29)));
    other.say("what is my balance");
    other.keys("40012345#");
    other.send(new DialogInput.BackendReplied("teapot", Map.of()));
    assertThat(other.transfer().reason()).isEqualTo(TransferReason.SYSTEM_ERROR);
  }

  @Test
  void whileWaitingOnlyARequestForAPersonCounts() {
    askForBalance();
    assertThat(call.send(new DialogInput.NoInput())).isEmpty();
    assertThat(call.say("hello are you there")).noneMatch(a -> a instanceof DialogAction.Say);
    call.say("agent");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.CALLER_REQUEST);
    assertThat(call.send(new DialogInput.BackendReplied("ok", Map.of()))).isEmpty();
  }

  @Test
  void aCardNumberGoesToTheBackendAndNowhereElse() {
    call.send(new DialogInput.CallStarted("+15550001111", LocalDate.of(2026, 11, 29)));
    call.say("i want to pay my bill of forty five dollars");
    assertThat(call.all).contains(new SlotFilled("amount", "45.00"));
    List<DialogAction> actions = call.keys(CARD + "#");
    CallBackend req = actions.stream().filter(CallBackend.class::isInstance).map(CallBackend.class::cast)
        .findFirst().orElseThrow();
    assertThat(req.request()).containsEntry("card", CARD).containsEntry("amount", "45.00");
    List<DialogAction> reply = call.send(new DialogInput.BackendReplied("ok", Map.of("confirmation", "77123")));
    assertThat(Calls.spoken(reply)).contains("Your payment of 45 dollars is done. Confirmation 7 7 1 2 3.");
    call.say("agent");

    String everything = call.all.stream().filter(a -> !(a instanceof CallBackend)).map(Object::toString).toList()
        + req.toString() + call.state.toString() + call.state.slots() + call.state.facts()
        + call.transfer().summary().text() + call.transfer().summary().facts();
    assertThat(everything).doesNotContain(CARD).doesNotContain("1111 1111").doesNotContain("1 1 1 1 1 1");
  }

  @Test
  void badBackendDefinitionsNameTheLineAndKey() {
    String base = DialogDefinitionTest.VALID.replace("    answer: We are open nine to five.\n", "");
    assertError(base + "    backend:\n      operation: hours\n",
        "tiny.yaml:25: key 'intents.hours.backend.replies': missing (required)");
    assertError(base + "    backend:\n      operation: hours\n      replies:\n        ok:\n          retry: nothing\n",
        "tiny.yaml:29: key 'intents.hours.backend.replies.ok.retry': unknown slot 'nothing'");
    assertError(base + "    backend:\n      operation: hours\n      replies:\n        ok:\n          answer: \"{open}\"\n",
        "tiny.yaml:29: key 'intents.hours.backend.replies.ok.answer': unknown placeholder {open}");
    assertError(DialogDefinitionTest.VALID + "    backend:\n      operation: hours\n      replies:\n        ok:\n"
        + "          answer: Open.\n", "tiny.yaml:27: key 'intents.hours.backend': an intent needs exactly one of");
  }
}
