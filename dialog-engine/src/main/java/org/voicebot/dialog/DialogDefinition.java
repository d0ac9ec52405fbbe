package org.voicebot.dialog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voicebot.dialog.slot.SlotSpec;
import org.voicebot.dialog.slot.SlotType;

/**
 * A parsed, validated dialog file: what the bot says, which intents it understands, what each intent
 * needs and how it is fulfilled. Immutable; one instance serves every call. The format is described in
 * the module README.
 */
public final class DialogDefinition {

  /** Global commands and answers, understood at every prompt. */
  public enum CommandKind {
    AGENT, REPEAT, HELP, START_OVER, GOODBYE, YES, NO;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One global command.
   *
   * @param intent the intent name reported when the command is recognized
   * @param phrases example phrases, scored like an intent's examples
   * @param keywords words or phrases that trigger the command anywhere in an utterance
   * @param contextWords when not empty, a keyword counts only in a short utterance or next to one of these
   */
  public record Command(CommandKind kind, String intent, List<String> phrases, List<String> keywords,
      List<String> contextWords) {
    public Command {
      phrases = List.copyOf(phrases);
      keywords = List.copyOf(keywords);
      contextWords = List.copyOf(contextWords);
    }
  }

  /** Everything the bot says that is not tied to one intent. */
  public record Prompts(String greeting, String help, List<String> noMatch, List<String> noInput, String confirm,
      String confirmDeclined, String anythingElse, String whatElse, String goodbye, String startOver,
      String handOver, String systemError, String frustrationLeadIn, String failureLeadIn,
      String confirmDeclinedRequest, String offerPerson, String offerDeclined, String clarify, String confirmGoodbye) {
    public Prompts {
      noMatch = List.copyOf(noMatch);
      noInput = List.copyOf(noInput);
    }

    /** The confirmation question for an intent: {@code confirm} with its label filled in. */
    public String confirmFor(Intent intent) {
      return confirm.replace("{label}", intent.label());
    }

    /** "Do you want to {label}, or {other}?" for two intents too close to choose between. */
    public String clarifyFor(Intent intent, Intent other) {
      return clarify.replace("{label}", intent.label()).replace("{other}", other.label());
    }
  }

  /** How an intent ends once its slots are filled: a static answer, or a transfer (for now, instead of a backend call). */
  /**
   * What happens once an intent's slots are filled: a static answer, a transfer, or a backend request
   * whose reply picks what the bot says.
   */
  public record Fulfillment(Kind kind, String say, TransferReason reason, Backend backend) {
    public enum Kind { ANSWER, TRANSFER, BACKEND }

    public Fulfillment(Kind kind, String say, TransferReason reason) {
      this(kind, say, reason, null);
    }
  }

  /**
   * A backend request: {@code operation} names it for the gateway (which knows the URL); {@code send}
   * maps request fields to templates over the slots; the reply's {@code result} picks one of
   * {@code replies} ({@code default} when none matches); {@code fields} are the reply fields the
   * replies may read, with the type that says how to speak them.
   *
   * @param idempotent safe to send twice: the gateway retries it once after a timeout or a server error
   * @param waitSay said while the request runs (may be null)
   * @param confirm a yes/no question read back before the request is sent (may be null)
   */
  public record Backend(String operation, boolean idempotent, String waitSay, String confirm, Map<String, String> send,
      Map<String, SlotType> fields, Map<String, Reply> replies) {
    public Backend {
      send = Collections.unmodifiableMap(new LinkedHashMap<>(send));
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      replies = Collections.unmodifiableMap(new LinkedHashMap<>(replies));
    }
  }

  /** What the bot does with one backend result: answer, ask again for a slot, or transfer. */
  public record Reply(ReplyKind kind, String say, String retrySlot, TransferReason reason) {
    public enum ReplyKind { ANSWER, RETRY, TRANSFER }
  }

  /**
   * One thing a caller may want.
   *
   * @param label what the caller wants, in the second person ("check your balance"): for "Did you want to ...?"
   * @param topic what it is, as a noun phrase for the agent ("a balance enquiry")
   * @param sensitive always goes to a person, after {@code empathy} is said
   * @param nextStep what the summary suggests to the agent
   */
  public record Intent(String name, String label, String topic, List<String> examples, List<String> keywords,
      boolean sensitive, String empathy, List<SlotSpec> slots, Fulfillment fulfillment, String nextStep) {
    public Intent {
      examples = List.copyOf(examples);
      keywords = List.copyOf(keywords);
      slots = List.copyOf(slots);
    }
  }

  /** Thresholds of the understanding policy. */
  public record Understanding(double rejectBelow, double confirmBelow, double ambiguityMargin) {}

  private final String source;
  private final String name;
  private final String language;
  private final String transferQueue;
  private final Prompts prompts;
  private final int maxFailures;
  private final Understanding understanding;
  private final Map<String, List<String>> synonyms;
  private final Map<CommandKind, Command> commands;
  private final Map<String, Intent> intents;
  private final Map<Character, String> keypadMenu;
  private final String keypadPrompt;
  private final List<String> outOfScope;

  DialogDefinition(String source, String name, String language, String transferQueue, Prompts prompts,
      int maxFailures, Understanding understanding, Map<String, List<String>> synonyms,
      Map<CommandKind, Command> commands, Map<String, Intent> intents, Map<Character, String> keypadMenu,
      String keypadPrompt, List<String> outOfScope) {
    this.source = source;
    this.name = name;
    this.language = language;
    this.transferQueue = transferQueue;
    this.prompts = prompts;
    this.maxFailures = maxFailures;
    this.understanding = understanding;
    this.synonyms = Collections.unmodifiableMap(new LinkedHashMap<>(synonyms));
    this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    this.intents = Collections.unmodifiableMap(new LinkedHashMap<>(intents));
    this.keypadMenu = Collections.unmodifiableMap(new LinkedHashMap<>(keypadMenu));
    this.keypadPrompt = keypadPrompt;
    this.outOfScope = List.copyOf(outOfScope);
  }

  /** Reads and validates a dialog file. */
  public static DialogDefinition load(Path yamlFile) throws DialogDefinitionException {
    String text;
    try {
      text = Files.readString(yamlFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DialogDefinitionException(yamlFile.toString(), 0, "(file)", "cannot read: " + e);
    }
    return DialogFileParser.parse(yamlFile.toString(), text);
  }

  /** A dialog shipped on the classpath as {@code dialogs/<name>.yaml}; {@code utility-support} ships. */
  public static DialogDefinition builtIn(String name) throws DialogDefinitionException {
    String resource = "dialogs/" + name + ".yaml";
    if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new DialogDefinitionException("classpath:" + resource, 0, "(name)",
          "a built-in dialog name is lower-case letters, digits, '-' and '_'");
    }
    try (InputStream in = DialogDefinition.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new DialogDefinitionException("classpath:" + resource, 0, "(file)", "no such built-in dialog");
      }
      return DialogFileParser.parse("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DialogDefinitionException("classpath:" + resource, 0, "(file)", "cannot read: " + e);
    }
  }

  /** Parses dialog text directly (for tests and tools); {@code source} names it in errors. */
  public static DialogDefinition parse(String source, String yamlText) throws DialogDefinitionException {
    return DialogFileParser.parse(source, yamlText);
  }

  public String name() {
    return name;
  }

  public String transferQueue() {
    return transferQueue;
  }

  /** Where the definition came from (file path or classpath resource). */
  public String source() {
    return source;
  }

  public String language() {
    return language;
  }

  public Prompts prompts() {
    return prompts;
  }

  /** Consecutive failures (no-match, no-input) after which the call goes to a person. */
  public int maxFailures() {
    return maxFailures;
  }

  public Understanding understanding() {
    return understanding;
  }

  public Map<String, List<String>> synonyms() {
    return synonyms;
  }

  public Map<CommandKind, Command> commands() {
    return commands;
  }

  /** Intents in file order. */
  public Map<String, Intent> intents() {
    return intents;
  }

  public Intent intent(String intentName) {
    return intents.get(intentName);
  }

  /** Keypad menu: digit -> intent name. 0 is always a person and never listed here. */
  public Map<Character, String> keypadMenu() {
    return keypadMenu;
  }

  /** Spoken keypad menu, or null when the dialog has none. */
  public String keypadPrompt() {
    return keypadPrompt;
  }

  /**
   * Requests this line does not handle ("my internet is down", "is the bank open today"): an utterance closer to one
   * of these than to any intent is not understood, however many words it shares with an intent's examples.
   */
  public List<String> outOfScope() {
    return outOfScope;
  }

  /** The intent name a command reports. */
  public String commandIntent(CommandKind kind) {
    Command c = commands.get(kind);
    return c == null ? kind.wire() : c.intent();
  }

  @Override
  public String toString() {
    return "DialogDefinition[" + name + " from " + source + ", " + intents.size() + " intents]";
  }
}
