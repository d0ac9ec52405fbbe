package org.voicebot.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voicebot.dialog.DialogAction.CallBackend;
import org.voicebot.dialog.DialogAction.EndCall;
import org.voicebot.dialog.DialogAction.FrustrationChanged;
import org.voicebot.dialog.DialogAction.IntentRecognized;
import org.voicebot.dialog.DialogAction.PersonOfferAnswered;
import org.voicebot.dialog.DialogAction.PersonOffered;
import org.voicebot.dialog.DialogAction.Say;
import org.voicebot.dialog.DialogAction.SlotFilled;
import org.voicebot.dialog.DialogAction.TransferCall;
import org.voicebot.dialog.DialogDefinition.Command;
import org.voicebot.dialog.DialogDefinition.CommandKind;
import org.voicebot.dialog.DialogDefinition.Fulfillment;
import org.voicebot.dialog.DialogDefinition.Intent;
import org.voicebot.dialog.DialogState.Phase;
import org.voicebot.dialog.DialogState.PersonOffer;
import org.voicebot.dialog.frustration.FrustrationDetector;
import org.voicebot.dialog.frustration.FrustrationDetector.Assessment;
import org.voicebot.dialog.frustration.FrustrationDetector.Signals;
import org.voicebot.dialog.frustration.FrustrationState;
import org.voicebot.dialog.nlu.IntentClassifier;
import org.voicebot.dialog.nlu.IntentMatch;
import org.voicebot.dialog.nlu.IntentRecognizer;
import org.voicebot.dialog.nlu.SentenceEncoder;
import org.voicebot.dialog.nlu.Cardinals;
import org.voicebot.dialog.nlu.SpokenAmounts;
import org.voicebot.dialog.nlu.SpokenDates;
import org.voicebot.dialog.nlu.SpokenNumbers;
import org.voicebot.dialog.nlu.Text;
import org.voicebot.dialog.redact.Redactor;
import org.voicebot.dialog.slot.SlotExtractor;
import org.voicebot.dialog.slot.SlotSpec;
import org.voicebot.dialog.slot.SlotType;
import org.voicebot.dialog.slot.SpokenValue;
import org.voicebot.dialog.summary.HandoffSummaryBuilder;

/**
 * The dialog runtime: {@code (state, event) -> (state, actions)}, pure and deterministic. One engine
 * serves every call; each call's memory is its {@link DialogState}.
 *
 * <p>Escalation policy, checked on every event: an explicit request for a person (by voice, or key 0)
 * transfers at once ({@code caller_request}); a sensitive intent transfers after its empathetic line
 * ({@code sensitive_topic}); {@code max_failures} consecutive no-match/no-input events transfer
 * ({@code repeated_failure}); a frustration score at or above the threshold transfers ({@code frustration});
 * a {@link DialogInput.SystemError} apologizes and transfers ({@code system_error}).
 *
 * <p>With {@link FrustrationConfig#offerPersonFirst()} the frustration threshold first offers a person:
 * yes (speech or 1) transfers ({@code frustration}); no (speech or 2) carries on where the caller was, and
 * the offer comes again only once the score has risen by {@link FrustrationConfig#reofferMargin()} above its
 * lowest since; silence or an unclear answer transfers (in doubt, a human); a request for a person still
 * transfers at once ({@code caller_request}).
 */
public final class DialogEngine {

  private static final int MAX_FACTS = 12;
  /** Cues of what the caller said (not how): anger, swearing, "already told you", "not listening", giving up. */
  private static final Set<String> CALLER_CUES = Set.of(FrustrationDetector.ANGRY, FrustrationDetector.PROFANITY,
      FrustrationDetector.ALREADY_SAID, FrustrationDetector.NOT_LISTENING, FrustrationDetector.GIVING_UP);
  private static final int MAX_PENDING_KEYS = 40;

  private final DialogDefinition def;
  private final FrustrationDetector detector;
  private final IntentClassifier classifier;
  private final IntentRecognizer recognizer;
  private final Map<String, CommandKind> commandByIntent = new LinkedHashMap<>();
  /** Slot specs by name, the first intent's where intents share a name: for values, not for prompts (see slot()). */
  private final Map<String, SlotSpec> slotSpecs = new LinkedHashMap<>();

  /**
   * @param encoder the sentence-embedding model intents are understood by (the gateway's runs in process; see
   *     {@link SentenceEncoder}); the dialog's examples are encoded here, once
   */
  public DialogEngine(DialogDefinition definition, FrustrationConfig frustration, SentenceEncoder encoder) {
    this.def = definition;
    this.detector = new FrustrationDetector(frustration, encoder);
    List<IntentClassifier.Entry> entries = new ArrayList<>();
    // the agent command first: on a tie, a request for a person wins
    Command agent = definition.commands().get(CommandKind.AGENT);
    entries.add(entry(agent));
    for (Command c : definition.commands().values()) {
      commandByIntent.put(c.intent(), c.kind());
      if (c.kind() != CommandKind.AGENT) {
        entries.add(entry(c));
      }
    }
    for (Intent i : definition.intents().values()) {
      entries.add(new IntentClassifier.Entry(i.name(), i.examples(), i.keywords(), List.of()));
      for (SlotSpec s : i.slots()) {
        slotSpecs.putIfAbsent(s.name(), s);
      }
    }
    this.classifier = new IntentClassifier(entries, definition.synonyms());
    Map<String, List<String>> examples = new LinkedHashMap<>();
    String yes = definition.commandIntent(CommandKind.YES);
    String no = definition.commandIntent(CommandKind.NO);
    for (Command c : definition.commands().values()) {
      if (c.kind() != CommandKind.YES && c.kind() != CommandKind.NO) {
        examples.put(c.intent(), c.phrases());
      }
    }
    for (Intent i : definition.intents().values()) {
      examples.put(i.name(), i.examples());
    }
    DialogDefinition.Understanding u = definition.understanding();
    this.recognizer = new IntentRecognizer(classifier, encoder, examples, definition.outOfScope(), u.rejectBelow(),
        u.confirmBelow(), definition.commandIntent(CommandKind.AGENT), Set.of(yes, no), commandByIntent.keySet());
  }

  private static IntentClassifier.Entry entry(Command c) {
    return new IntentClassifier.Entry(c.intent(), c.phrases(), c.keywords(), c.contextWords());
  }

  public DialogDefinition definition() {
    return def;
  }

  /** The word classifier (phrases, keywords): part of {@link #recognizer()}. */
  public IntentClassifier classifier() {
    return classifier;
  }

  /** The frustration detector (for reports and tests; the dialog runs it on every event). */
  public FrustrationDetector frustrationDetector() {
    return detector;
  }

  /** How the dialog reads an intent from an utterance: by meaning, with words for commands. */
  public IntentRecognizer recognizer() {
    return recognizer;
  }

  /** True when {@code m} is a request for a person the dialog acts on at once, whatever the prompt asked. */
  public boolean isAgent(IntentMatch m) {
    return m.is(def.commandIntent(CommandKind.AGENT)) && m.confidence() >= def.understanding().confirmBelow();
  }

  /** What the dialog makes of one reading of an utterance: its intent (null for an empty reading) and a score. */
  public record Understood(IntentMatch match, double score) {}

  /**
   * The reading of one utterance the dialog acts on, its intent, and why it was chosen: {@code first} (the trusted
   * free-speech reading), {@code corroborated} (the first, with an alternative reading of the same intent),
   * {@code value} (an alternative that gave the digits asked for), {@code yes-no} (an alternative that gave the yes
   * or no asked for, where the first gave nothing clear), {@code sounds-alike} or {@code short-command} (see
   * {@link #choose}).
   */
  public record Chosen(String text, IntentMatch match, String how) {}

  /**
   * Which reading of an utterance to act on. The first reading is the free-speech recognizer's and is trusted. The
   * alternatives are grammar-constrained readings of the same audio: a grammar forces speech it does not cover onto
   * phrases it does, so an alternative never brings what the first reading does not support. It is used where a
   * grammar is the right tool: the digits of a number prompt the first reading did not give, a yes or no at a yes/no
   * prompt where the first reading says nothing clearly, and as corroboration, raising the confidence of the intent
   * the first reading already has; and, where the first reading says nothing clearly, a routine request or a request
   * for a person (never a goodbye or a sensitive topic) from a grammar reading that sounds like it, or that is one of
   * the dialog's short phrases (a command, a routine intent's example) word for word when the caller said only a
   * word or two (a short menu).
   *
   * @param collecting the slot the prompt asks for, or null
   * @param yesNoPrompt the prompt asks a yes/no question
   * @param today the call's date, for date slots (null: dates cannot be read)
   */
  public Chosen choose(String first, List<String> alternatives, SlotSpec collecting, boolean yesNoPrompt,
      java.time.LocalDate today) {
    String text = first == null ? "" : first.strip();
    IntentMatch m = text.isEmpty() ? IntentMatch.NONE : recognizer.recognize(text);
    if (alternatives.isEmpty() || isAgent(m)) {
      return new Chosen(text, m, "first");
    }
    DialogDefinition.Understanding u = def.understanding();
    if (collecting != null && !collecting.keypadOnly() && collecting.type().digitString()) {
      if (SlotExtractor.fromSpeech(collecting, text, today).isPresent()) {
        return new Chosen(text, m, "first");
      }
      for (String a : alternatives) {
        String alt = a == null ? "" : a.strip();
        if (!alt.isEmpty() && SlotExtractor.fromSpeech(collecting, alt, today).isPresent()) {
          return new Chosen(alt, recognizer.recognize(alt), "value");
        }
      }
      return new Chosen(text, m, "first");
    }
    boolean firstMeansSomething = m.intent() != null && m.confidence() >= u.rejectBelow();
    // clear: the dialog would act on it without asking, and not on a guess (a command acts from reject_below)
    boolean yesOrNo = m.is(def.commandIntent(CommandKind.YES)) || m.is(def.commandIntent(CommandKind.NO));
    boolean firstIsClear = m.intent() != null && m.confidence() >= u.confirmBelow()
        && (yesOrNo || decision(m).equals("act"));
    if (yesNoPrompt && !firstIsClear && SlotExtractor.yesNo(text).isEmpty()) {
      for (String a : alternatives) {
        String alt = a == null ? "" : a.strip();
        if (!alt.isEmpty() && alt.split("\\s+").length <= 3 && SlotExtractor.yesNo(alt).isPresent()) {
          return new Chosen(alt, recognizer.recognize(alt), "yes-no");
        }
      }
    }
    for (String a : alternatives) {
      String alt = a == null ? "" : a.strip();
      IntentMatch am = alt.isEmpty() ? IntentMatch.NONE : recognizer.recognize(alt);
      if (firstMeansSomething && am.is(m.intent()) && am.confidence() > m.confidence()) {
        return new Chosen(text, m.withConfidence(am.confidence()), "corroborated");
      }
      // The free reading heard words the dialog cannot place ("chen i pain my deal"); the grammar reading, which
      // sounds like it, heard "can i pay my bill": a re-hearing, trusted for a routine request or a person only.
      if (!firstIsClear && am.confidence() > m.confidence() && routine(am) && soundsAlike(text, alt)) {
        return new Chosen(alt, am, "sounds-alike");
      }
      // A word or two: a free recognizer has little to go on, and a grammar of the dialog's phrases is the right tool
      // (as for a short menu) when what it heard is one of them, word for word ("man you" / "menu", "there's mass
      // hours" / "business hours").
      if (!firstIsClear && routine(am) && Text.plain(text).split(" ").length <= 3 && isShortMenuPhrase(alt)) {
        return new Chosen(alt, am, "short-command");
      }
    }
    return new Chosen(text, m, "first");
  }

  /** A command phrase (not a goodbye) or a routine intent's example of at most three words, word for word. */
  private boolean isShortMenuPhrase(String text) {
    String t = Text.plain(text);
    if (t.split(" ").length > 3) {
      return false;
    }
    for (Command c : def.commands().values()) {
      if (c.kind() != CommandKind.GOODBYE && c.phrases().stream().anyMatch(p -> Text.plain(p).equals(t))) {
        return true;
      }
    }
    return def.intents().values().stream().filter(i -> !i.sensitive())
        .anyMatch(i -> i.examples().stream().anyMatch(p -> Text.plain(p).equals(t)));
  }

  /**
   * Intents a grammar reading may bring when it sounds like the free one: a routine request, or a request for a person
   * (a way out to a person must not be lost to a misheard "representative"; the worst it costs is a colleague's
   * time); never a goodbye or a sensitive topic.
   */
  private boolean routine(IntentMatch m) {
    if (isAgent(m)) {
      return true;
    }
    if (m.intent() == null || m.confidence() < def.understanding().rejectBelow()) {
      return false;
    }
    Intent i = def.intents().get(m.intent());
    if (i != null) {
      return !i.sensitive();
    }
    CommandKind kind = commandByIntent.get(m.intent());
    return kind == CommandKind.REPEAT || kind == CommandKind.HELP || kind == CommandKind.START_OVER
        || kind == CommandKind.YES || kind == CommandKind.NO;
  }

  /**
   * Two readings of one utterance that sound alike: their letters differ in at most half the places (edit distance
   * over the longer). "chen i pain my deal" and "can i pay my bill" do; "i'd like to pay my bill" and "speak to a
   * human" do not.
   */
  static boolean soundsAlike(String a, String b) {
    String x = Text.plain(a);
    String y = Text.plain(b);
    int max = Math.max(x.length(), y.length());
    return max > 0 && 1.0 - (double) Text.editDistance(x, y) / max >= SOUNDS_ALIKE;
  }

  private static final double SOUNDS_ALIKE = 0.5;

  /**
   * How well a prompt understands one reading, 0..1: 1 for a request for a person and for a value of the slot being
   * collected, else the intent's confidence when it reaches reject_below (a yes or a no does not count at a number
   * prompt), 0 otherwise. For reports; the dialog chooses its reading by {@link #choose}.
   */
  public Understood understanding(String heard, SlotSpec collecting, java.time.LocalDate today) {
    if (heard == null || heard.isBlank()) {
      return new Understood(null, 0);
    }
    IntentMatch m = recognizer.recognize(heard);
    DialogDefinition.Understanding u = def.understanding();
    if (isAgent(m)) {
      return new Understood(m, 1);
    }
    double score = m.intent() != null && m.confidence() >= u.rejectBelow() ? m.confidence() : 0;
    if (collecting != null) {
      if (!collecting.keypadOnly() && SlotExtractor.fromSpeech(collecting, heard, today).isPresent()) {
        return new Understood(m, 1);
      }
      if (m.is(def.commandIntent(CommandKind.YES)) || m.is(def.commandIntent(CommandKind.NO))) {
        score = 0;
      }
    }
    return new Understood(m, score);
  }

  private boolean isBusinessIntent(IntentMatch m) {
    return m.intent() != null && def.intents().containsKey(m.intent());
  }

  /** A business intent to act on without asking: confident, and clear of any other business intent. */
  private boolean confidentBusiness(IntentMatch m) {
    if (!isBusinessIntent(m) || m.confidence() < def.understanding().confirmBelow()) {
      return false;
    }
    boolean rivalIsBusiness = m.runnerUp() != null && def.intents().containsKey(m.runnerUp());
    return !rivalIsBusiness || m.margin() >= def.understanding().ambiguityMargin()
        || m.confidence() >= IntentClassifier.KEYWORD_CONFIDENCE;
  }

  /** Two business intents too close to choose between: the caller is asked which ("..., or ...?"). */
  private boolean twoClose(IntentMatch m) {
    DialogDefinition.Understanding u = def.understanding();
    return isBusinessIntent(m) && m.runnerUp() != null && def.intents().containsKey(m.runnerUp())
        && m.margin() < u.ambiguityMargin() && m.runnerUpConfidence() >= u.rejectBelow()
        && m.confidence() < IntentClassifier.KEYWORD_CONFIDENCE;
  }

  /**
   * The command {@code m} asks for, or null. A request for a person, a yes and a no need {@code confirm_below}; the
   * others (repeat, help, start over, goodbye) {@code reject_below}: acting on a wrong one costs a prompt, not the
   * call, and a goodbye is asked about before the call ends (see the guarded ending).
   */
  private CommandKind commandOf(IntentMatch m) {
    CommandKind kind = m.intent() == null ? null : commandByIntent.get(m.intent());
    if (kind == null) {
      return null;
    }
    DialogDefinition.Understanding u = def.understanding();
    boolean strict = kind == CommandKind.AGENT || kind == CommandKind.YES || kind == CommandKind.NO;
    return m.confidence() >= (strict ? u.confirmBelow() : u.rejectBelow()) ? kind : null;
  }

  /** As {@link #commandOf}, at a prompt that asks for a value: a command must be clear to pre-empt the reprompt. */
  private CommandKind clearCommandOf(IntentMatch m) {
    CommandKind kind = commandOf(m);
    return kind != null && m.confidence() >= def.understanding().confirmBelow() ? kind : null;
  }

  /**
   * What the dialog does with {@code m} at an open prompt: {@code act}, {@code confirm} ("Did you want to...?"),
   * {@code clarify} ("..., or ...?") or {@code no-match}.
   */
  public String decision(IntentMatch m) {
    return decision(m, false);
  }

  /** As {@link #decision(IntentMatch)}; {@code valuePrompt}: the prompt asks for a slot's value (a command must be clear). */
  public String decision(IntentMatch m, boolean valuePrompt) {
    DialogDefinition.Understanding u = def.understanding();
    if (m.intent() == null || m.confidence() < u.rejectBelow()) {
      return "no-match";
    }
    if (!isBusinessIntent(m)) {
      CommandKind kind = valuePrompt ? clearCommandOf(m) : commandOf(m);
      return kind == null || kind == CommandKind.YES || kind == CommandKind.NO ? "no-match" : "act"; // a yes asks for nothing here
    }
    return confidentBusiness(m) ? "act" : twoClose(m) ? "clarify" : "confirm";
  }

  /**
   * Does now, for each reading of an utterance, the model work the next {@link #handle} of it will need (with a
   * caching encoder, {@code handle} then only looks it up). The gateway calls this on a worker thread so the
   * sentence-embedding model never runs on a call's event loop. Pure; safe from any thread.
   */
  public void prepare(List<String> readings) {
    for (String r : readings) {
      if (r != null && !r.isBlank()) {
        recognizer.recognize(r.strip());
        detector.prepare(r.strip());
      }
    }
  }

  /** The state of a call that was not answered yet; no actions. Send {@link DialogInput.CallStarted} next. */
  public DialogState start(String callId, String callerId) {
    return DialogState.initial(callId, callerId);
  }

  /**
   * True while the bot waits for a sensitive value (a card number): keys pressed now must not be shown
   * one by one in events or logs, or the digits would spell the number out.
   */
  public boolean expectsSensitiveInput(DialogState state) {
    if (state == null || state.phase() != Phase.COLLECTING_SLOT || state.pendingSlot() == null) {
      return false;
    }
    SlotSpec s = slot(state.currentIntent(), state.pendingSlot());
    return s != null && s.sensitive();
  }

  /** What the bot's last prompt waits for in this state (see {@link ExpectedInput}); OPEN when nothing specific. */
  public ExpectedInput expectedInput(DialogState state) {
    if (state == null) {
      return ExpectedInput.OPEN;
    }
    switch (state.phase()) {
      case AWAITING_REQUEST:
        return ExpectedInput.of(ExpectedInput.Kind.REQUEST);
      case ANYTHING_ELSE:
        return ExpectedInput.of(ExpectedInput.Kind.REQUEST_OR_YES_NO);
      case CONFIRMING_INTENT:
      case CONFIRMING_REQUEST:
        return ExpectedInput.of(ExpectedInput.Kind.YES_NO);
      case COLLECTING_SLOT: {
        SlotSpec s = slot(state.currentIntent(), state.pendingSlot());
        if (s == null || s.keypadOnly()) {
          return ExpectedInput.OPEN;
        }
        if (s.type() == SlotType.YES_NO) {
          return ExpectedInput.of(ExpectedInput.Kind.YES_NO);
        }
        if (s.type() == SlotType.POSTAL_CODE) {
          return ExpectedInput.digits(5, 5); // ZIP+4 is rare, and five digits are already a valid value
        }
        return s.type().digitString() ? ExpectedInput.digits(s.minLength(), s.maxLength()) : ExpectedInput.OPEN;
      }
      default:
        return ExpectedInput.OPEN;
    }
  }

  /**
   * Whether {@code partial} (the recognizer's words so far) already answers the prompt of {@code state}:
   * a confident intent, yes/no, a digit string of the slot's length, a request for a person. Pure; the
   * gateway uses it to end the caller's turn after a shorter silence, or a longer one while digits come.
   */
  public TurnCompletion turnCompletion(DialogState state, String partial) {
    if (state == null || state.over() || partial == null || partial.isBlank()) {
      return TurnCompletion.OPEN;
    }
    return EndOfTurn.judge(def, expectedInput(state), partial, recognizer.recognize(partial.strip()));
  }

  /** Applies one event. Once the call is over, events change nothing and produce no actions. */
  public Step handle(DialogState state, DialogInput input) {
    if (state.over()) {
      return new Step(state, List.of());
    }
    Turn t = new Turn(state);
    if (input instanceof DialogInput.CallStarted c) {
      t.callStarted(c);
    } else if (input instanceof DialogInput.CallerHungUp) {
      t.end = CallOutcome.ABANDONED;
    } else {
      t.ensureStarted();
      if (input instanceof DialogInput.CallerSaid s) {
        t.said(s);
      } else if (input instanceof DialogInput.KeyPressed k) {
        t.key(k.digit());
      } else if (input instanceof DialogInput.NoInput) {
        t.noInput();
      } else if (input instanceof DialogInput.BargeIn) {
        t.signals = t.signals.withBargeIn();
      } else if (input instanceof DialogInput.BackendReplied r) {
        t.backendReplied(r);
      } else if (input instanceof DialogInput.BackendFailed f) {
        t.backendFailed(f.what());
      } else if (input instanceof DialogInput.SystemError e) {
        t.fact("System error: " + e.what());
        t.transfer = TransferReason.SYSTEM_ERROR;
      }
    }
    return t.finish();
  }

  /** Every example phrase, keyword, synonym and command, in lower case, plus digit words: the recognizer's grammar. */
  public Set<String> recognitionPhrases() {
    Set<String> out = new LinkedHashSet<>();
    for (Command c : def.commands().values()) {
      addPhrases(out, c.phrases());
      addPhrases(out, c.keywords());
      addPhrases(out, c.contextWords());
    }
    for (Intent i : def.intents().values()) {
      addPhrases(out, i.examples());
      addPhrases(out, i.keywords());
    }
    def.synonyms().forEach((head, variants) -> {
      addPhrases(out, List.of(head));
      addPhrases(out, variants);
    });
    addPhrases(out, SpokenNumbers.DIGIT_WORDS);
    boolean money = def.intents().values().stream().flatMap(i -> i.slots().stream())
        .anyMatch(s -> s.type() == SlotType.MONEY);
    boolean dates = def.intents().values().stream().flatMap(i -> i.slots().stream())
        .anyMatch(s -> s.type() == SlotType.DATE);
    if (money || dates) {
      addPhrases(out, Cardinals.WORDS);
    }
    if (money) {
      addPhrases(out, SpokenAmounts.WORDS);
    }
    if (dates) {
      addPhrases(out, SpokenDates.WORDS);
    }
    return out;
  }

  /**
   * What a caller answers an open prompt with: every command phrase, intent example and keyword (no single
   * synonyms, context words or number words), lower case. For a recognizer's open-prompt grammar.
   */
  public Set<String> requestPhrases() {
    Set<String> out = new LinkedHashSet<>();
    for (Command c : def.commands().values()) {
      addPhrases(out, c.phrases());
      addPhrases(out, c.keywords());
    }
    for (Intent i : def.intents().values()) {
      addPhrases(out, i.examples());
      addPhrases(out, i.keywords());
    }
    return out;
  }

  /** Every command phrase and keyword (agent, help, repeat, ...): what a caller may say instead of a value asked for. */
  public Set<String> commandPhrases() {
    Set<String> out = new LinkedHashSet<>();
    for (Command c : def.commands().values()) {
      addPhrases(out, c.phrases());
      addPhrases(out, c.keywords());
    }
    return out;
  }

  /** Spoken names of the slots that take a spoken digit string ("account number", "zip code"). */
  public Set<String> digitSlotNames() {
    Set<String> out = new LinkedHashSet<>();
    for (SlotSpec s : slotSpecs.values()) {
      if (isSpokenDigits(s)) {
        addPhrases(out, List.of(s.spokenName().isBlank() ? s.name().replace('_', ' ') : s.spokenName()));
      }
    }
    return out;
  }

  /**
   * The type of the value the bot is waiting for, or empty when it waits for a request or an answer. A
   * recognizer picks its grammar from it.
   */
  public Optional<SlotType> pendingSlotType(DialogState state) {
    if (state == null || state.phase() != Phase.COLLECTING_SLOT || state.pendingSlot() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(slot(state.currentIntent(), state.pendingSlot())).map(SlotSpec::type);
  }

  /**
   * The spec of slot {@code name} as intent {@code intent} defines it: two intents may share a slot name (a zip code)
   * with their own prompts and reprompts. Null when there is no such slot.
   */
  private SlotSpec slot(String intent, String name) {
    if (name == null) {
      return null;
    }
    Intent i = intent == null ? null : def.intents().get(intent);
    if (i != null) {
      for (SlotSpec s : i.slots()) {
        if (s.name().equals(name)) {
          return s;
        }
      }
    }
    return slotSpecs.get(name);
  }

  private static boolean isSpokenDigits(SlotSpec s) {
    return !s.keypadOnly()
        && (s.type() == SlotType.DIGITS || s.type() == SlotType.POSTAL_CODE || s.type() == SlotType.PHONE);
  }

  private static void addPhrases(Set<String> out, List<String> phrases) {
    for (String p : phrases) {
      String s = p.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("[^a-z0-9' ]+", " ")
          .replaceAll("\\s+", " ").strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
  }

  /** Every fixed text the bot can say (templates with slot values excluded), for the TTS cache. */
  public List<String> staticPrompts() {
    DialogDefinition.Prompts p = def.prompts();
    Set<String> out = new LinkedHashSet<>();
    out.add(p.greeting());
    out.add(p.help());
    if (def.keypadPrompt() != null) {
      out.add(def.keypadPrompt());
    }
    out.addAll(p.noMatch());
    out.addAll(p.noInput());
    for (Intent i : def.intents().values()) {
      out.add(p.confirmFor(i));
      if (i.sensitive()) {
        out.add(i.empathy());
      } else if (i.fulfillment().kind() == Fulfillment.Kind.BACKEND) {
        DialogDefinition.Backend b = i.fulfillment().backend();
        if (b.waitSay() != null) {
          out.add(b.waitSay());
        }
        b.replies().values().stream().map(DialogDefinition.Reply::say).filter(x -> x != null)
            .forEach(out::add);
      } else {
        out.add(i.fulfillment().say());
      }
      for (SlotSpec s : i.slots()) {
        out.add(s.prompt());
        out.add(s.reprompt());
      }
    }
    out.addAll(List.of(p.confirmDeclined(), p.anythingElse(), p.whatElse(), p.goodbye(), p.startOver(),
        p.handOver(), p.systemError(), p.frustrationLeadIn(), p.failureLeadIn(), p.confirmDeclinedRequest()));
    if (detector.config().offerPersonFirst()) {
      out.addAll(List.of(p.offerPerson(), p.offerDeclined()));
    }
    out.removeIf(t -> t.contains("{")); // templates are rendered per call
    return List.copyOf(out);
  }

  /** The working copy of one event's processing; discarded once {@link #finish} builds the next state. */
  private final class Turn {
    private final DialogState before;
    private String callerId;
    private java.time.LocalDate today;
    private Phase phase;
    private String currentIntent;
    private String pendingSlot;
    private String confirmingIntent;
    private String clarifyingWith;
    private final Map<String, String> slots;
    private final Map<String, String> secrets;
    private int rejections;
    private String pendingKeys;
    private int turns;
    private int failures;
    private int noMatches;
    private int noInputs;
    private String lastPrompt;
    private final List<String> facts;
    private final List<String> resolved;
    private PersonOffer offer;
    /** The caller said yes to the offer of a person: they heard the apology already. */
    private boolean offerAccepted;
    private boolean offerDeclined;

    private final List<DialogAction> events = new ArrayList<>();
    private final List<Say> says = new ArrayList<>();
    private Signals signals = Signals.none();
    private TransferReason transfer;
    private CallOutcome end;
    /** True when the bot said something new this turn that "repeat" should say again. */
    private boolean newPrompt;

    Turn(DialogState s) {
      before = s;
      callerId = s.callerId();
      today = s.today();
      secrets = new LinkedHashMap<>(s.secrets());
      rejections = s.rejections();
      phase = s.phase();
      currentIntent = s.currentIntent();
      pendingSlot = s.pendingSlot();
      confirmingIntent = s.confirmingIntent();
      clarifyingWith = s.clarifyingWith();
      slots = new LinkedHashMap<>(s.slots());
      pendingKeys = s.pendingKeys();
      turns = s.turns();
      failures = s.consecutiveFailures();
      noMatches = s.noMatches();
      noInputs = s.noInputs();
      lastPrompt = s.lastPrompt();
      facts = new ArrayList<>(s.facts());
      resolved = new ArrayList<>(s.resolved());
      offer = s.offer();
    }

    // ---- inputs

    void callStarted(DialogInput.CallStarted c) {
      if (c.callerId() != null && !c.callerId().isBlank()) {
        callerId = c.callerId();
      }
      if (c.today() != null) {
        today = c.today();
      }
      if (phase == Phase.NOT_STARTED) {
        phase = Phase.AWAITING_REQUEST;
        say(def.prompts().greeting(), true);
      }
    }

    void ensureStarted() {
      if (phase == Phase.NOT_STARTED) {
        phase = Phase.AWAITING_REQUEST;
      }
    }

    void said(DialogInput.CallerSaid s) {
      turns++;
      Chosen chosen = reading(s);
      String heard = chosen.text();
      signals = Signals.utterance(cueText(s, chosen), s.features());
      if (phase == Phase.OFFERING_PERSON) {
        offerSpeech(heard);
        return;
      }
      if (heard.isEmpty()) {
        notUnderstood(null);
        return;
      }
      IntentMatch m = chosen.match() != null ? chosen.match() : recognizer.recognize(heard);
      if (isAgent(m)) {
        requestPerson(m);
        return;
      }
      switch (phase) {
        case AWAITING_BACKEND:
          break; // the answer is on its way; only a request for a person (above) changes anything
        case COLLECTING_SLOT:
          slotSpeech(heard, m);
          break;
        case CONFIRMING_INTENT:
          confirmSpeech(heard, m);
          break;
        case CONFIRMING_REQUEST:
          Optional<String> yn = yesNo(heard, m);
          CommandKind cmd = command(m);
          if (yn.isPresent()) {
            events.add(recognized(m, yn.get().equals("yes") ? CommandKind.YES : CommandKind.NO));
            answerRequestConfirmation(yn.get().equals("yes"));
          } else if (cmd != null) {
            command(cmd, m);
          } else {
            notUnderstood(heard);
          }
          break;
        default:
          requestSpeech(heard, m);
      }
    }

    /**
     * What the frustration detector reads: the free-speech reading, and a grammar reading's words only where the free
     * reading supports them: it sounds like them ("sam did" / "dammit"), or it was understood as nothing at all (no
     * intent, no value), so nothing the caller was understood to say contradicts them. A grammar reading forced onto
     * "I already told you" while the caller was understood to give a zip code is not the caller's word.
     */
    private String cueText(DialogInput.CallerSaid s, Chosen chosen) {
      String first = s.text() == null ? "" : s.text().strip();
      IntentMatch m = chosen.text().equals(first) ? chosen.match() : recognizer.recognize(first);
      SlotSpec collecting = phase == Phase.COLLECTING_SLOT && pendingSlot != null ? slot(currentIntent, pendingSlot) : null;
      boolean understoodAsNothing = (m == null || decision(m, collecting != null).equals("no-match"))
          && (collecting == null || SlotExtractor.fromSpeech(collecting, first, today).isEmpty());
      StringBuilder text = new StringBuilder(first);
      for (String a : s.alternatives()) {
        String alt = a == null ? "" : a.strip();
        if (!alt.isEmpty() && !alt.equals(first) && (understoodAsNothing || soundsAlike(first, alt))) {
          text.append(" , ").append(alt);
        }
      }
      return text.toString();
    }

    /** The reading to act on, chosen by {@link DialogEngine#choose}. */
    private Chosen reading(DialogInput.CallerSaid s) {
      SlotSpec collecting = phase == Phase.COLLECTING_SLOT && pendingSlot != null ? slot(currentIntent, pendingSlot) : null;
      boolean yesNoPrompt = phase == Phase.OFFERING_PERSON || phase == Phase.ANYTHING_ELSE
          || phase == Phase.CONFIRMING_REQUEST || (phase == Phase.CONFIRMING_INTENT && clarifyingWith == null)
          || (collecting != null && collecting.type() == SlotType.YES_NO);
      return choose(s.text(), s.alternatives(), collecting, yesNoPrompt, today);
    }

    void key(char digit) {
      if (phase == Phase.OFFERING_PERSON) {
        offerKey(digit);
        return;
      }
      if (phase == Phase.AWAITING_BACKEND && digit != '0') {
        return;
      }
      SlotSpec slot = pendingSlot == null ? null : slot(currentIntent, pendingSlot);
      if (phase == Phase.COLLECTING_SLOT && slot != null && slot.type().acceptsKeypad()) {
        slotKey(slot, digit);
        return;
      }
      switch (digit) {
        case '0':
          signals = signals.withZeroPressed();
          requestPerson(null);
          return;
        case '*':
          command(CommandKind.REPEAT, null);
          return;
        case '#':
          return;
        default:
          break;
      }
      if (phase == Phase.CONFIRMING_REQUEST && (digit == '1' || digit == '2')) {
        answerRequestConfirmation(digit == '1');
        return;
      }
      if (phase == Phase.CONFIRMING_INTENT && clarifyingWith != null && (digit == '1' || digit == '2')) {
        answerClarification(digit == '1' ? confirmingIntent : clarifyingWith);
        return;
      }
      if (phase == Phase.CONFIRMING_INTENT && (digit == '1' || digit == '2')) {
        answerConfirmation(digit == '1', null);
        return;
      }
      String menu = def.keypadMenu().get(digit);
      if (menu != null) {
        events.add(new IntentRecognized(menu, 1.0, null, "keypad"));
        fact("Chose " + def.intent(menu).topic() + " on the keypad");
        startIntent(menu, null);
      } else {
        signals = signals.withRequest("key " + digit);
        notUnderstood(null);
      }
    }

    void noInput() {
      if (phase == Phase.OFFERING_PERSON) {
        answerOffer("none", "silence");
        return;
      }
      if (phase == Phase.AWAITING_BACKEND) {
        return; // the caller is waiting for us, not the other way round
      }
      if (phase == Phase.COLLECTING_SLOT && !pendingKeys.isEmpty()) {
        // keys pressed but no #: the silence ends the entry, as on most phone menus
        slotKey(slot(currentIntent, pendingSlot), '#');
        return;
      }
      if (phase == Phase.ANYTHING_ELSE) {
        say(def.prompts().goodbye(), false);
        end = CallOutcome.RESOLVED;
        return;
      }
      noInputs++;
      failures++;
      signals = signals.withNoInput();
      if (failures >= def.maxFailures()) {
        fact("No answer " + failures + " times in a row");
        transfer = TransferReason.REPEATED_FAILURE;
        return;
      }
      reprompt(def.prompts().noInput());
    }

    // ---- the offer of a person

    private void offerSpeech(String heard) {
      IntentMatch m = heard.isEmpty() ? null : recognizer.recognize(heard);
      if (m != null && isAgent(m)) {
        requestPerson(m);
        return;
      }
      if (m != null && command(m) == CommandKind.REPEAT) {
        command(CommandKind.REPEAT, m);
        return;
      }
      Optional<String> yn = m == null ? Optional.empty() : yesNo(heard, m);
      if (yn.isPresent()) {
        events.add(recognized(m, yn.get().equals("yes") ? CommandKind.YES : CommandKind.NO));
      }
      answerOffer(yn.orElse("unclear"), "speech");
    }

    private void offerKey(char digit) {
      switch (digit) {
        case '0':
          signals = signals.withZeroPressed();
          requestPerson(null);
          break;
        case '*':
          command(CommandKind.REPEAT, null);
          break;
        case '1':
          answerOffer("yes", "keypad");
          break;
        case '2':
          answerOffer("no", "keypad");
          break;
        default:
          answerOffer("unclear", "keypad");
      }
    }

    /** yes, none and unclear go to a person (in doubt, a human); no carries on where the caller was. */
    private void answerOffer(String answer, String how) {
      events.add(new PersonOfferAnswered(answer, how));
      if (answer.equals("no")) {
        fact("Declined the offer of a person");
        offerDeclined = true;
        phase = offer.returnPhase();
        say(def.prompts().offerDeclined(), true);
        if (offer.resume() != null && !offer.resume().isBlank()) {
          say(offer.resume(), true);
        }
        return;
      }
      fact(answer.equals("yes") ? "Accepted the offer of a person"
          : answer.equals("none") ? "Did not answer the offer of a person" : "Gave no clear answer to the offer of a person");
      offerAccepted = answer.equals("yes");
      transfer = TransferReason.FRUSTRATION;
    }

    // ---- speech by phase

    private void requestSpeech(String heard, IntentMatch m) {
      CommandKind cmd = command(m);
      if (cmd != null && cmd != CommandKind.YES && cmd != CommandKind.NO) {
        command(cmd, m);
        return;
      }
      Optional<String> yn = yesNo(heard, m);
      if (phase == Phase.ANYTHING_ELSE && yn.isPresent() && !isConfidentBusiness(m)) {
        events.add(recognized(m, yn.get().equals("yes") ? CommandKind.YES : CommandKind.NO));
        if (yn.get().equals("no")) {
          command(CommandKind.GOODBYE, null);
        } else {
          phase = Phase.AWAITING_REQUEST;
          currentIntent = null;
          say(def.prompts().whatElse(), true);
        }
        return;
      }
      if (isBusiness(m) && m.confidence() >= def.understanding().rejectBelow()) {
        if (isConfidentBusiness(m)) {
          events.add(match(m));
          startIntent(m.intent(), heard);
        } else if (twoClose(m)) {
          clarify(m);
        } else {
          confirm(m);
        }
        return;
      }
      signals = signals.withRequest("said " + Text.normalize(heard));
      notUnderstood(heard);
    }

    private void confirmSpeech(String heard, IntentMatch m) {
      if (clarifyingWith != null) {
        clarifySpeech(heard, m);
        return;
      }
      if (isConfidentBusiness(m) && !m.is(confirmingIntent)) {
        events.add(match(m));
        confirmingIntent = null;
        startIntent(m.intent(), heard);
        return;
      }
      if (m.is(confirmingIntent) && m.confidence() >= def.understanding().rejectBelow()) {
        answerConfirmation(true, m);
        return;
      }
      Optional<String> yn = yesNo(heard, m);
      if (yn.isPresent()) {
        answerConfirmation(yn.get().equals("yes"), m);
        return;
      }
      CommandKind cmd = command(m);
      if (cmd != null) {
        command(cmd, m);
        return;
      }
      notUnderstood(heard);
    }

    private void slotSpeech(String heard, IntentMatch m) {
      SlotSpec slot = slot(currentIntent, pendingSlot);
      if (slot.keypadOnly()) {
        CommandKind cmd = clearCommandOf(m);
        if (cmd != null && cmd != CommandKind.YES && cmd != CommandKind.NO) {
          command(cmd, m);
          return;
        }
        // Never take a card number by voice; the transcript itself is redacted by the gateway.
        say(slot.reprompt(), true);
        return;
      }
      Optional<String> value = SlotExtractor.fromSpeech(slot, heard, today);
      if (value.isPresent()) {
        fill(slot, value.get(), "by voice");
        continueIntent(heard);
        return;
      }
      CommandKind cmd = clearCommandOf(m);
      if (cmd != null && cmd != CommandKind.YES && cmd != CommandKind.NO) {
        command(cmd, m);
        return;
      }
      if (isConfidentBusiness(m) && !m.is(currentIntent)) {
        events.add(match(m));
        startIntent(m.intent(), heard);
        return;
      }
      signals = signals.withRequest("said " + Text.normalize(heard));
      notUnderstood(heard);
    }

    private void slotKey(SlotSpec slot, char digit) {
      if (digit == '*' && slot.type() == SlotType.MONEY && !pendingKeys.isEmpty() && !pendingKeys.contains("*")) {
        pendingKeys += '*'; // dollars*cents
        return;
      }
      if (digit == '*') {
        pendingKeys = "";
        say(slot.prompt(), true);
        return;
      }
      if (digit != '#') {
        if (pendingKeys.length() < MAX_PENDING_KEYS) {
          pendingKeys += digit;
        }
        if (slot.type() == SlotType.YES_NO) {
          slotKey(slot, '#'); // yes/no by keypad: one key is the whole answer
        }
        return;
      }
      String keys = pendingKeys;
      pendingKeys = "";
      if (keys.isEmpty()) {
        return;
      }
      if (keys.equals("0")) {
        signals = signals.withZeroPressed();
        requestPerson(null);
        return;
      }
      Optional<String> value = SlotExtractor.fromKeys(slot, keys, today);
      if (value.isPresent()) {
        fill(slot, value.get(), "on the keypad");
        continueIntent(null);
      } else {
        signals = signals.withRequest("keys " + keys.length());
        notUnderstood(null);
      }
    }

    // ---- dialog moves

    /** Values a caller may give with the request itself ("pay forty dollars", "moving next Friday"). */
    private boolean prefillable(SlotSpec s, String heard) {
      if (s.keypadOnly()) {
        return false;
      }
      if (s.type() == SlotType.MONEY) {
        return heard.matches("(?is).*(\\$|dollar|buck|cent).*"); // a bare number is more likely an account
      }
      return s.type().digitString() || s.type() == SlotType.DATE;
    }

    private void startIntent(String name, String heard) {
      Intent intent = def.intent(name);
      currentIntent = name;
      rejections = 0;
      confirmingIntent = null;
      clarifyingWith = null;
      pendingSlot = null;
      pendingKeys = "";
      failures = 0;
      signals = signals.withRequest(name).withProgress();
      fact("Asked about " + intent.topic());
      if (intent.sensitive()) {
        say(intent.empathy(), false);
        transfer = TransferReason.SENSITIVE_TOPIC;
        return;
      }
      if (heard != null) {
        for (SlotSpec s : intent.slots()) {
          if (!slots.containsKey(s.name()) && prefillable(s, heard)) {
            SlotExtractor.fromSpeech(s, heard, today).ifPresent(v -> fill(s, v, "by voice"));
          }
        }
      }
      continueIntent(null);
    }

    private void continueIntent(String heard) {
      Intent intent = def.intent(currentIntent);
      for (SlotSpec s : intent.slots()) {
        if (!slots.containsKey(s.name())) {
          phase = Phase.COLLECTING_SLOT;
          pendingSlot = s.name();
          pendingKeys = "";
          say(s.prompt(), true);
          return;
        }
      }
      pendingSlot = null;
      Fulfillment f = intent.fulfillment();
      if (f.kind() == Fulfillment.Kind.BACKEND) {
        if (f.backend().confirm() != null) {
          phase = Phase.CONFIRMING_REQUEST;
          say(render(f.backend().confirm()), true);
          return;
        }
        askBackend(intent, f.backend());
        return;
      }
      String text = render(f.say());
      if (f.kind() == Fulfillment.Kind.ANSWER) {
        say(text, true);
        say(def.prompts().anythingElse(), true);
        phase = Phase.ANYTHING_ELSE;
        resolved.add(intent.name());
        fact("Answered " + intent.topic());
        signals = signals.withProgress();
      } else {
        say(text, false);
        transfer = f.reason();
      }
    }

    /** "Shall I go ahead?" answered: yes sends the request; no forgets this intent's answers and asks again. */
    private void answerRequestConfirmation(boolean yes) {
      Intent intent = def.intent(currentIntent);
      if (yes) {
        fact("Confirmed " + intent.topic());
        askBackend(intent, intent.fulfillment().backend());
        return;
      }
      fact("Did not confirm " + intent.topic() + "; asked again");
      for (SlotSpec s : intent.slots()) {
        slots.remove(s.name());
        secrets.remove(s.name());
      }
      say(def.prompts().confirmDeclinedRequest(), true);
      continueIntent(null);
    }

    private void askBackend(Intent intent, DialogDefinition.Backend b) {
      Map<String, String> request = new LinkedHashMap<>();
      b.send().forEach((field, template) -> request.put(field, renderRaw(template)));
      if (b.waitSay() != null) {
        say(render(b.waitSay()), true);
      }
      phase = Phase.AWAITING_BACKEND;
      events.add(new CallBackend(intent.name(), b.operation(), request, b.idempotent()));
    }

    void backendReplied(DialogInput.BackendReplied r) {
      if (phase != Phase.AWAITING_BACKEND || currentIntent == null) {
        return; // a late reply after the caller moved on (asked for a person): nothing to do
      }
      Intent intent = def.intent(currentIntent);
      DialogDefinition.Backend b = intent.fulfillment().backend();
      DialogDefinition.Reply reply = b.replies().get(r.result());
      if (reply == null) {
        reply = b.replies().get("default");
      }
      if (reply == null) {
        backendFailed("unexpected result '" + r.result() + "' from " + b.operation());
        return;
      }
      Map<String, String> values = new LinkedHashMap<>();
      b.fields().forEach((name, type) -> {
        String v = r.fields().get(name);
        if (v != null) {
          values.put(name, SpokenValue.of(type, Redactor.redact(v), today));
        }
      });
      switch (reply.kind()) {
        case ANSWER:
          say(render(reply.say(), values), true);
          say(def.prompts().anythingElse(), true);
          phase = Phase.ANYTHING_ELSE;
          resolved.add(intent.name());
          fact("Answered " + intent.topic() + ": " + render(reply.say(), values));
          signals = signals.withProgress();
          break;
        case RETRY:
          SlotSpec again = slot(currentIntent, reply.retrySlot());
          String apology = reply.say() == null ? null : render(reply.say(), values); // before the slot is cleared
          fact("The system did not accept " + again.spokenName() + " (" + r.result().replace('_', ' ') + ")");
          slots.remove(again.name());
          secrets.remove(again.name());
          rejections++;
          noMatches++;
          signals = signals.withRequest("retry " + again.name());
          if (rejections >= def.maxFailures()) {
            transfer = TransferReason.REPEATED_FAILURE;
            return;
          }
          if (apology != null) {
            say(apology, true);
          }
          phase = Phase.COLLECTING_SLOT;
          pendingSlot = again.name();
          pendingKeys = "";
          say(again.reprompt(), true);
          break;
        default:
          if (reply.say() != null) {
            say(render(reply.say(), values), false);
          }
          fact("The system said: " + r.result().replace('_', ' '));
          transfer = reply.reason();
      }
    }

    void backendFailed(String what) {
      if (phase != Phase.AWAITING_BACKEND) {
        return;
      }
      fact("Could not reach the " + def.intent(currentIntent).topic() + " system (" + what + ")");
      transfer = TransferReason.SYSTEM_ERROR;
    }

    private void confirm(IntentMatch m) {
      confirmingIntent = m.intent();
      clarifyingWith = null;
      phase = Phase.CONFIRMING_INTENT;
      say(def.prompts().confirmFor(def.intent(m.intent())), true);
    }

    /** Two intents too close to choose between: ask which, naming both. */
    private void clarify(IntentMatch m) {
      confirmingIntent = m.intent();
      clarifyingWith = m.runnerUp();
      phase = Phase.CONFIRMING_INTENT;
      say(clarifyPrompt(), true);
    }

    private String clarifyPrompt() {
      return def.prompts().clarifyFor(def.intent(confirmingIntent), def.intent(clarifyingWith));
    }

    /**
     * The answer to "Do you want to A, or B?": either one named (by meaning), "the first" or "the second" (or keys 1
     * and 2), another request altogether, or no; a bare yes does not say which, so the question comes again.
     */
    private void clarifySpeech(String heard, IntentMatch m) {
      String first = confirmingIntent;
      String second = clarifyingWith;
      String words = " " + Text.normalize(heard) + " ";
      String chosen = null;
      if (words.matches(".* (first|former|one) .*") && !words.matches(".* (second|latter|other|two) .*")) {
        chosen = first;
      } else if (words.matches(".* (second|latter|other|last|two) .*")) {
        chosen = second;
      } else if ((m.is(first) || m.is(second)) && m.confidence() >= def.understanding().rejectBelow()) {
        chosen = m.intent();
      } else {
        IntentMatch a = recognizer.recognize(heard);
        if (a.intent() != null && !a.is(first) && !a.is(second) && isConfidentBusiness(a)) {
          events.add(match(a));
          confirmingIntent = null;
          clarifyingWith = null;
          startIntent(a.intent(), heard);
          return;
        }
      }
      if (chosen != null) {
        answerClarification(chosen);
        return;
      }
      Optional<String> yn = yesNo(heard, m);
      if (yn.isPresent() && yn.get().equals("no")) {
        answerConfirmation(false, m);
        return;
      }
      CommandKind cmd = command(m);
      if (cmd != null && cmd != CommandKind.YES && cmd != CommandKind.NO) {
        command(cmd, m);
        return;
      }
      notUnderstood(heard);
    }

    private void answerClarification(String chosen) {
      confirmingIntent = null;
      clarifyingWith = null;
      events.add(new IntentRecognized(chosen, 1.0, null, "clarified"));
      startIntent(chosen, null);
    }

    private void answerConfirmation(boolean yes, IntentMatch m) {
      String target = confirmingIntent;
      confirmingIntent = null;
      clarifyingWith = null;
      if (m != null && (m.is(def.commandIntent(CommandKind.YES)) || m.is(def.commandIntent(CommandKind.NO)))) {
        events.add(match(m));
      }
      if (yes) {
        events.add(new IntentRecognized(target, 1.0, null));
        startIntent(target, null);
      } else {
        phase = currentIntent != null && pendingSlot != null ? Phase.COLLECTING_SLOT : Phase.AWAITING_REQUEST;
        say(def.prompts().confirmDeclined(), true);
      }
    }

    private void command(CommandKind kind, IntentMatch m) {
      events.add(recognized(m, kind));
      switch (kind) {
        case AGENT:
          requestPerson(m);
          break;
        case REPEAT:
          say(lastPrompt != null ? lastPrompt : def.prompts().greeting(), true);
          newPrompt = false;
          break;
        case HELP:
          say(def.prompts().help(), true);
          if (phase == Phase.COLLECTING_SLOT) {
            say(slot(currentIntent, pendingSlot).prompt(), true);
          } else if (phase == Phase.CONFIRMING_INTENT) {
            say(clarifyingWith != null ? clarifyPrompt() : def.prompts().confirmFor(def.intent(confirmingIntent)), true);
          }
          break;
        case START_OVER:
          phase = Phase.AWAITING_REQUEST;
          currentIntent = null;
          pendingSlot = null;
          confirmingIntent = null;
          clarifyingWith = null;
          pendingKeys = "";
          slots.clear();
          failures = 0;
          say(def.prompts().startOver(), true);
          break;
        case GOODBYE:
          goodbye(m);
          break;
        default:
          notUnderstood(null);
      }
    }

    /**
     * Ending a call cannot be undone, so the bot ends it only at a closing point ("Is there anything else?", after a
     * request was answered or a goodbye was asked about), and never on an utterance with a frustration cue in it: a
     * goodbye anywhere else, or an angry one, is asked about first ({@code confirm_goodbye}). A "no" or a silence
     * at that question ends the call.
     */
    private void goodbye(IntentMatch m) {
      boolean closingPoint = before.phase() == Phase.ANYTHING_ELSE;
      boolean upset = signals.text() != null && detector.hasWordCue(signals.text());
      if (closingPoint && !upset) {
        say(def.prompts().goodbye(), false);
        // The caller closed the call with the bot: they are done, so it ends resolved (abandoned means
        // hanging up on the bot, which arrives as CallerHungUp).
        end = CallOutcome.RESOLVED;
        return;
      }
      fact(upset ? "Said goodbye upset; asked whether anything else was needed" : "Said goodbye; asked whether anything"
          + " else was needed");
      phase = Phase.ANYTHING_ELSE;
      confirmingIntent = null;
      clarifyingWith = null;
      pendingSlot = null;
      pendingKeys = "";
      say(def.prompts().confirmGoodbye(), true);
    }

    private void requestPerson(IntentMatch m) {
      String agent = def.commandIntent(CommandKind.AGENT);
      if (events.stream().noneMatch(a -> a instanceof IntentRecognized r && r.name().equals(agent))) {
        events.add(m != null && m.is(agent) ? match(m) : new IntentRecognized(agent, 1.0, null));
      }
      signals = signals.withAgentRequest();
      fact(m == null ? "Pressed 0 for a person" : "Asked for a person");
      transfer = TransferReason.CALLER_REQUEST;
    }

    private void notUnderstood(String heard) {
      failures++;
      noMatches++;
      signals = signals.withNoMatch();
      if (heard != null) {
        fact("Not understood: " + heard);
      }
      if (failures >= def.maxFailures()) {
        fact("Not understood " + failures + " times in a row");
        transfer = TransferReason.REPEATED_FAILURE;
        return;
      }
      reprompt(def.prompts().noMatch());
    }

    /** Asks again after a silence or a miss: the pending question, or the nth general prompt of {@code general}. */
    private void reprompt(List<String> general) {
      switch (phase) {
        case COLLECTING_SLOT:
          say(slot(currentIntent, pendingSlot).reprompt(), true);
          break;
        case CONFIRMING_INTENT:
          say(clarifyingWith != null ? clarifyPrompt() : def.prompts().confirmFor(def.intent(confirmingIntent)), true);
          break;
        case CONFIRMING_REQUEST:
          say(render(def.intent(currentIntent).fulfillment().backend().confirm()), true);
          break;
        default:
          say(nth(general, failures), true);
      }
    }

    private void fill(SlotSpec slot, String value, String how) {
      String stored = slot.sensitive() ? "[redacted]" : Redactor.redact(value);
      slots.put(slot.name(), stored);
      if (slot.sensitive()) {
        secrets.put(slot.name(), value);
      }
      events.add(new SlotFilled(slot.name(), stored));
      failures = 0;
      signals = signals.withProgress();
      fact("Gave " + slot.spokenName() + " " + (slot.sensitive() ? "(redacted)" : stored) + " " + how);
    }

    // ---- helpers

    private CommandKind command(IntentMatch m) {
      return commandOf(m);
    }

    private boolean isBusiness(IntentMatch m) {
      return m.intent() != null && def.intents().containsKey(m.intent());
    }

    private boolean isConfidentBusiness(IntentMatch m) {
      return confidentBusiness(m);
    }

    private Optional<String> yesNo(String heard, IntentMatch m) {
      if (m.confidence() >= def.understanding().rejectBelow()) {
        if (m.is(def.commandIntent(CommandKind.YES))) {
          return Optional.of("yes");
        }
        if (m.is(def.commandIntent(CommandKind.NO))) {
          return Optional.of("no");
        }
      }
      return SlotExtractor.yesNo(heard);
    }

    private IntentRecognized recognized(IntentMatch m, CommandKind kind) {
      String name = def.commandIntent(kind);
      return m != null && m.is(name) ? match(m) : new IntentRecognized(name, 1.0, null);
    }

    private IntentRecognized match(IntentMatch m) {
      return new IntentRecognized(m.intent(), m.confidence(), m.runnerUp(), m.evidence());
    }

    private String render(String template) {
      return render(template, Map.of());
    }

    /** Slots (spoken form) and reply fields (already spoken) into a template. */
    private String render(String template, Map<String, String> extra) {
      String out = template;
      for (Map.Entry<String, String> e : extra.entrySet()) {
        out = out.replace("{" + e.getKey() + "}", e.getValue());
      }
      for (Map.Entry<String, String> e : slots.entrySet()) {
        String v = e.getValue();
        SlotSpec spec = slot(currentIntent, e.getKey());
        out = out.replace("{" + e.getKey() + "}", spec == null
            ? (v.chars().allMatch(Character::isDigit) ? SpokenNumbers.spaced(v) : v)
            : SpokenValue.of(spec.type(), v, today));
      }
      return out;
    }

    /** A template filled with the raw values, for the backend request only. */
    private String renderRaw(String template) {
      String out = template;
      for (Map.Entry<String, String> e : slots.entrySet()) {
        out = out.replace("{" + e.getKey() + "}", secrets.getOrDefault(e.getKey(), e.getValue()));
      }
      return out;
    }

    private void say(String text, boolean bargeIn) {
      says.add(new Say(Redactor.redact(text), bargeIn));
      newPrompt = true;
    }

    private void fact(String line) {
      facts.add(Redactor.redact(line));
      while (facts.size() > MAX_FACTS) {
        facts.remove(0);
      }
    }

    private String nth(List<String> options, int failureCount) {
      return options.get(Math.min(Math.max(failureCount, 1), options.size()) - 1);
    }

    // ---- the next state and the actions, in the order the gateway needs them

    Step finish() {
      Assessment a = detector.assess(before.frustration(), signals);
      FrustrationState frustration = a.state();
      List<DialogAction> actions = new ArrayList<>(events);
      if (a.changed()) {
        actions.add(new FrustrationChanged(a.score(), a.cues(), a.evidence()));
      }
      // A frustrated caller is handed over as frustrated even when this turn was also their last failure:
      // the agent should know to apologise first, and the report should count it as a frustration escalation.
      boolean overridable = transfer == null || transfer == TransferReason.REPEATED_FAILURE;
      FrustrationConfig cfg = detector.config();
      if (offerDeclined) {
        offer = new PersonOffer(null, null, a.score());
      } else if (offer.declined() && a.score() < offer.declinedAt()) {
        offer = new PersonOffer(null, null, a.score()); // the bar for another offer falls with the score
      }
      // The caller's answer to an offer decides this turn by itself (above); otherwise the threshold applies.
      boolean answeringOffer = before.phase() == Phase.OFFERING_PERSON;
      // Swearing or complaining right after a prompt that failed the caller escalates at once, whatever the score.
      boolean angryAfterFailure = before.consecutiveFailures() > 0 && a.cues().stream().anyMatch(CALLER_CUES::contains);
      if (!answeringOffer && overridable && end == null
          && (a.score() >= cfg.transferThreshold() || angryAfterFailure)) {
        boolean offerPolicy = cfg.offerPersonFirst() && transfer == null && phase != Phase.AWAITING_BACKEND;
        boolean risenAgain = !offer.declined() || a.score() >= offer.declinedAt() + cfg.reofferMargin();
        if (offerPolicy && risenAgain) {
          String resume = String.join(" ", says.stream().map(Say::text).toList());
          offer = new PersonOffer(phase, resume, offer.declinedAt());
          says.clear();
          phase = Phase.OFFERING_PERSON;
          actions.add(new PersonOffered(a.score()));
          fact("Frustration score " + a.score() + "; offered a person");
          say(def.prompts().offerPerson(), true);
        } else if (!offerPolicy || !offer.declined()) {
          says.clear();
          transfer = TransferReason.FRUSTRATION;
          fact("Frustration score " + a.score());
        }
        // else: the caller declined and the score has not risen enough since: carry on
      }
      DialogAction last = null;
      CallOutcome outcome = null;
      if (transfer != null) {
        switch (transfer) {
          case FRUSTRATION:
            if (!offerAccepted) {
              says.add(new Say(def.prompts().frustrationLeadIn(), false));
            }
            break;
          case REPEATED_FAILURE:
            says.add(new Say(def.prompts().failureLeadIn(), false));
            break;
          case SYSTEM_ERROR:
            says.add(new Say(def.prompts().systemError(), false));
            break;
          default:
            break;
        }
        says.add(new Say(def.prompts().handOver(), false));
        last = new TransferCall(def.transferQueue(), transfer, summary(transfer, frustration));
        outcome = CallOutcome.TRANSFERRED;
      } else if (end != null) {
        last = new EndCall(end);
        outcome = end;
      }
      actions.addAll(says);
      if (last != null) {
        actions.add(last);
      }
      if (newPrompt && outcome == null) {
        lastPrompt = String.join(" ", says.stream().map(Say::text).toList());
      }
      DialogState next = new DialogState(before.callId(), callerId, outcome != null ? Phase.ENDED : phase,
          currentIntent, pendingSlot, confirmingIntent, slots, pendingKeys, turns, failures, noMatches, noInputs,
          frustration, lastPrompt, facts, resolved, outcome, today, rejections, secrets, offer, clarifyingWith);
      return new Step(next, actions);
    }

    private HandoffSummary summary(TransferReason reason, FrustrationState frustration) {
      HandoffSummaryBuilder b = new HandoffSummaryBuilder().callerId(callerId).reason(reason)
          .frustration(frustration).facts(facts);
      String about = currentIntent != null ? currentIntent : confirmingIntent;
      if (about != null) {
        Intent intent = def.intent(about);
        b.intent(intent.name(), intent.topic());
        if (intent.nextStep() != null && reason != TransferReason.FRUSTRATION) {
          b.nextStep(intent.nextStep());
        }
      }
      slots.forEach((name, value) -> {
        SlotSpec spec = slot(currentIntent, name);
        if (spec == null || spec.sensitive()) {
          return;
        }
        if (name.equals("account_number")) {
          b.account(value);
        } else {
          b.detail(spec.spokenName(), spec.type() == SlotType.MONEY || spec.type() == SlotType.DATE
              ? SpokenValue.of(spec.type(), value, today) : value);
        }
      });
      return b.build();
    }
  }
}
