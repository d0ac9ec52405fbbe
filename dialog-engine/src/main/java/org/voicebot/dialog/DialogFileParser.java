package org.voicebot.dialog;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.voicebot.dialog.DialogDefinition.Command;
import org.voicebot.dialog.DialogDefinition.CommandKind;
import org.voicebot.dialog.DialogDefinition.Fulfillment;
import org.voicebot.dialog.DialogDefinition.Intent;
import org.voicebot.dialog.DialogDefinition.Prompts;
import org.voicebot.dialog.DialogDefinition.Understanding;
import org.voicebot.dialog.slot.SlotSpec;
import org.voicebot.dialog.slot.SlotType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a dialog file through SnakeYAML's node API, so every error can name the line. Values are read
 * as text (no YAML 1.1 surprises: a key {@code yes} stays "yes", "0040" stays "0040").
 */
final class DialogFileParser {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final String file;

  private DialogFileParser(String file) {
    this.file = file;
  }

  static DialogDefinition parse(String file, String text) throws DialogDefinitionException {
    return new DialogFileParser(file).parse(text);
  }

  private DialogDefinition parse(String text) throws DialogDefinitionException {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new DialogDefinitionException(file, line, "(syntax)", "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new DialogDefinitionException(file, 0, "(syntax)", "not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new DialogDefinitionException(file, 1, "(root)", "the file is empty");
    }
    Fields top = fields(root, "",
        List.of("name", "language", "transfer_queue", "prompts", "escalation", "understanding", "synonyms",
            "keypad", "commands", "intents", "out_of_scope"),
        List.of("name", "transfer_queue", "prompts", "commands", "intents"));
    String name = top.string("name");
    if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw top.error("name", "a dialog name is lower-case letters, digits, '-' and '_', got '" + name + "'");
    }
    String language = top.has("language") ? top.string("language") : "en-US";
    String queue = top.string("transfer_queue");
    Prompts prompts = prompts(top.fields("prompts",
        List.of("greeting", "help", "no_match", "no_input", "confirm", "confirm_declined", "anything_else",
            "what_else", "goodbye", "start_over", "hand_over", "system_error", "frustration_lead_in",
            "failure_lead_in", "request_declined", "offer_person", "offer_declined", "clarify", "confirm_goodbye"),
        List.of("greeting", "help", "no_match", "no_input", "confirm", "anything_else", "goodbye", "hand_over",
            "system_error")));

    int maxFailures = 3;
    if (top.has("escalation")) {
      Fields esc = top.fields("escalation", List.of("max_failures"), List.of());
      if (esc.has("max_failures")) {
        maxFailures = esc.integer("max_failures", 1, 10);
      }
    }

    Understanding understanding = new Understanding(0.5, 0.7, 0.05);
    if (top.has("understanding")) {
      Fields u = top.fields("understanding", List.of("reject_below", "confirm_below", "ambiguity_margin"), List.of());
      double reject = u.has("reject_below") ? u.number("reject_below", 0, 1) : understanding.rejectBelow();
      double confirm = u.has("confirm_below") ? u.number("confirm_below", 0, 1) : understanding.confirmBelow();
      double margin = u.has("ambiguity_margin") ? u.number("ambiguity_margin", 0, 1) : understanding.ambiguityMargin();
      if (confirm < reject) {
        throw u.error("confirm_below", "must be at least reject_below (" + reject + ")");
      }
      understanding = new Understanding(reject, confirm, margin);
    }

    Map<String, List<String>> synonyms = new LinkedHashMap<>();
    if (top.has("synonyms")) {
      Fields syn = top.fields("synonyms", null, List.of());
      for (String head : syn.keys()) {
        synonyms.put(head.toLowerCase(Locale.ROOT), syn.strings(head));
      }
    }

    Map<CommandKind, Command> commands = new EnumMap<>(CommandKind.class);
    Fields cmds = top.fields("commands",
        List.of(CommandKind.values()).stream().map(CommandKind::wire).collect(Collectors.toList()),
        List.of("agent", "yes", "no"));
    for (String key : cmds.keys()) {
      CommandKind kind = CommandKind.valueOf(key.toUpperCase(Locale.ROOT));
      Fields c = cmds.fields(key, List.of("intent", "phrases", "keywords", "context_words"), List.of("phrases"));
      String intent = c.has("intent") ? c.name("intent") : key;
      commands.put(kind, new Command(kind, intent, c.strings("phrases"),
          c.has("keywords") ? c.strings("keywords") : List.of(),
          c.has("context_words") ? c.strings("context_words") : List.of()));
    }

    Map<String, Intent> intents = new LinkedHashMap<>();
    Fields ints = top.fields("intents", null, List.of());
    if (ints.keys().isEmpty()) {
      throw top.error("intents", "at least one intent is needed");
    }
    for (String key : ints.keys()) {
      if (!NAME.matcher(key).matches()) {
        throw ints.error(key, "an intent name is lower-case letters, digits and '_'");
      }
      for (Command c : commands.values()) {
        if (c.intent().equals(key)) {
          throw ints.error(key, "the command '" + c.kind().wire() + "' already reports intent '" + key + "'");
        }
      }
      intents.put(key, intent(key, ints.fields(key,
          List.of("label", "topic", "examples", "keywords", "sensitive", "empathy", "slots", "answer", "transfer", "backend",
              "next_step"),
          List.of("label", "topic", "examples"))));
    }

    Map<Character, String> menu = new LinkedHashMap<>();
    String keypadPrompt = null;
    if (top.has("keypad")) {
      Fields k = top.fields("keypad", List.of("menu", "prompt"), List.of("menu"));
      keypadPrompt = k.has("prompt") ? k.string("prompt") : null;
      Fields m = k.fields("menu", null, List.of());
      for (String digit : m.keys()) {
        if (!digit.matches("[1-9]")) {
          throw m.error(digit, "a menu key is one digit 1-9 (0 always means a person)");
        }
        String target = m.string(digit);
        if (!intents.containsKey(target)) {
          throw m.error(digit, "unknown intent '" + target + "' (allowed: " + String.join(", ", intents.keySet()) + ")");
        }
        menu.put(digit.charAt(0), target);
      }
    }
    List<String> outOfScope = top.has("out_of_scope") ? top.strings("out_of_scope") : List.of();
    return new DialogDefinition(file, name, language, queue, prompts, maxFailures, understanding, synonyms, commands,
        intents, menu, keypadPrompt, outOfScope);
  }

  private Prompts prompts(Fields p) throws DialogDefinitionException {
    String confirm = p.string("confirm");
    if (!confirm.contains("{label}")) {
      throw p.error("confirm", "must contain {label}, the intent's label");
    }
    return new Prompts(p.string("greeting"), p.string("help"), p.strings("no_match"), p.strings("no_input"), confirm,
        p.stringOr("confirm_declined", "Okay. Please tell me in a few words what you need."),
        p.string("anything_else"),
        p.stringOr("what_else", "What else can I help you with?"),
        p.string("goodbye"),
        p.stringOr("start_over", "Okay, let's start over. How can I help?"),
        p.string("hand_over"), p.string("system_error"),
        p.stringOr("frustration_lead_in", "I'm sorry this has been difficult."),
        p.stringOr("failure_lead_in", "I'm sorry, I'm having trouble understanding."),
        p.stringOr("request_declined", "Okay, let's correct that."),
        // Honest about being a bot and about the wait; the answer is yes/no or 1/2.
        p.stringOr("offer_person", "I'm sorry this is taking so long. Would you like me to put you through to a"
            + " colleague? Say yes or press 1, or say no or press 2."),
        p.stringOr("offer_declined", "Alright, let's carry on."),
        clarify(p),
        // Ending a call cannot be undone: a goodbye outside a closing point is asked about once.
        p.stringOr("confirm_goodbye", "Before you go: is there anything else I can help with?"));
  }

  private String clarify(Fields p) throws DialogDefinitionException {
    String clarify = p.stringOr("clarify", "Sorry, just to be sure: do you want to {label}, or {other}?");
    if (!clarify.contains("{label}") || !clarify.contains("{other}")) {
      throw p.error("clarify", "must contain {label} and {other}, the labels of the two intents");
    }
    return clarify;
  }

  private Intent intent(String name, Fields f) throws DialogDefinitionException {
    List<String> examples = f.strings("examples");
    List<String> keywords = f.has("keywords") ? f.strings("keywords") : List.of();
    boolean sensitive = f.has("sensitive") && f.bool("sensitive");
    List<SlotSpec> slots = new ArrayList<>();
    if (f.has("slots")) {
      Fields s = f.fields("slots", null, List.of());
      for (String slot : s.keys()) {
        if (!NAME.matcher(slot).matches()) {
          throw s.error(slot, "a slot name is lower-case letters, digits and '_'");
        }
        slots.add(slot(slot, s.fields(slot,
            List.of("type", "min_length", "max_length", "prompt", "reprompt", "spoken_name", "sensitive",
                "keypad_only"),
            List.of("type", "prompt"))));
      }
    }
    Fulfillment fulfillment = null;
    if (sensitive) {
      for (String forbidden : List.of("answer", "transfer", "backend", "slots")) {
        if (f.has(forbidden)) {
          throw f.error(forbidden, "a sensitive intent always goes to a person; remove this key");
        }
      }
      if (!f.has("empathy")) {
        throw f.missing("empathy", "a sensitive intent needs an empathetic line said before the transfer");
      }
    } else {
      if (f.has("empathy")) {
        throw f.error("empathy", "only a sensitive intent has an empathy line");
      }
      int ways = (f.has("answer") ? 1 : 0) + (f.has("transfer") ? 1 : 0) + (f.has("backend") ? 1 : 0);
      if (ways != 1) {
        String problem = "an intent needs exactly one of 'answer' (a static answer), 'transfer' or 'backend'";
        if (ways == 0) {
          throw f.missing("answer", problem);
        }
        throw f.error(f.has("backend") ? "backend" : "transfer", problem);
      }
      if (f.has("backend")) {
        fulfillment = new Fulfillment(Fulfillment.Kind.BACKEND, null, null, backend(f.fields("backend",
            List.of("operation", "idempotent", "say", "confirm", "send", "fields", "replies"),
            List.of("operation", "replies")),
            slots));
      } else if (f.has("answer")) {
        fulfillment = new Fulfillment(Fulfillment.Kind.ANSWER, f.string("answer"), null);
        checkPlaceholders(f, "answer", fulfillment.say(), slots);
      } else {
        Fields t = f.fields("transfer", List.of("reason", "say"), List.of("say"));
        TransferReason reason = TransferReason.POLICY;
        if (t.has("reason")) {
          String r = t.string("reason");
          try {
            reason = TransferReason.valueOf(r.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw t.error("reason", "unknown reason '" + r + "' (allowed: "
                + List.of(TransferReason.values()).stream().map(TransferReason::wire).collect(Collectors.joining(", "))
                + ")");
          }
        }
        fulfillment = new Fulfillment(Fulfillment.Kind.TRANSFER, t.string("say"), reason);
        checkPlaceholders(t, "say", fulfillment.say(), slots);
      }
    }
    String nextStep = f.has("next_step") ? f.string("next_step") : null;
    return new Intent(name, f.string("label"), f.string("topic"), examples, keywords, sensitive,
        sensitive ? f.string("empathy") : null, slots, fulfillment, nextStep);
  }

  private DialogDefinition.Backend backend(Fields b, List<SlotSpec> slots) throws DialogDefinitionException {
    String operation = b.string("operation");
    if (!operation.matches("[a-z][a-z0-9_-]*")) {
      throw b.error("operation", "an operation is lower-case letters, digits, '-' and '_' (it ends the URL path), got '"
          + operation + "'");
    }
    boolean idempotent = b.has("idempotent") && b.bool("idempotent");
    String waitSay = b.has("say") ? b.string("say") : null;
    if (waitSay != null) {
      checkPlaceholders(b, "say", waitSay, slots);
    }
    String confirm = b.has("confirm") ? b.string("confirm") : null;
    if (confirm != null) {
      checkPlaceholders(b, "confirm", confirm, slots);
    }
    Map<String, String> send = new LinkedHashMap<>();
    if (b.has("send")) {
      Fields s = b.fields("send", null, List.of());
      for (String k : s.keys()) {
        send.put(k, s.string(k));
        checkPlaceholders(s, k, send.get(k), slots);
      }
    }
    Map<String, SlotType> fields = new LinkedHashMap<>();
    if (b.has("fields")) {
      Fields fl = b.fields("fields", null, List.of());
      for (String k : fl.keys()) {
        if (!NAME.matcher(k).matches()) {
          throw fl.error(k, "a field name is lower-case letters, digits and '_'");
        }
        if (slots.stream().anyMatch(x -> x.name().equals(k))) {
          throw fl.error(k, "'" + k + "' is already a slot of this intent; name the reply field differently");
        }
        String t = fl.string(k);
        try {
          fields.put(k, SlotType.valueOf(t.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw fl.error(k, "unknown field type '" + t + "' (allowed: " + List.of(SlotType.values()).stream()
              .map(SlotType::wire).collect(Collectors.joining(", ")) + ")");
        }
      }
    }
    List<SlotSpec> readable = new ArrayList<>(slots);
    fields.forEach((k, t) -> readable.add(new SlotSpec(k, t, 0, 30, k, k, k, false)));
    Map<String, DialogDefinition.Reply> replies = new LinkedHashMap<>();
    Fields r = b.fields("replies", null, List.of());
    if (r.keys().isEmpty()) {
      throw r.error("replies", "at least one reply is needed, e.g. 'ok'");
    }
    for (String result : r.keys()) {
      Fields one = r.fields(result, List.of("answer", "retry", "transfer", "say"), List.of());
      DialogDefinition.Reply reply;
      if (one.has("answer")) {
        for (String k : List.of("retry", "transfer", "say")) {
          if (one.has(k)) {
            throw one.error(k, "an 'answer' reply says only its answer; remove this key");
          }
        }
        reply = new DialogDefinition.Reply(DialogDefinition.Reply.ReplyKind.ANSWER, one.string("answer"), null, null);
        checkPlaceholders(one, "answer", reply.say(), readable);
      } else if (one.has("retry") == one.has("transfer")) {
        throw one.missing("answer", "a reply needs exactly one of 'answer', 'retry' (a slot to ask again) or"
            + " 'transfer' (a reason)");
      } else if (one.has("retry")) {
        String slot = one.string("retry");
        if (slots.stream().noneMatch(x -> x.name().equals(slot))) {
          throw one.error("retry", "unknown slot '" + slot + "' (allowed: "
              + slots.stream().map(SlotSpec::name).collect(Collectors.joining(", ")) + ")");
        }
        reply = new DialogDefinition.Reply(DialogDefinition.Reply.ReplyKind.RETRY, one.stringOr("say", null), slot, null);
      } else {
        String reason = one.string("transfer");
        TransferReason tr;
        try {
          tr = TransferReason.valueOf(reason.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw one.error("transfer", "unknown reason '" + reason + "' (allowed: " + List.of(TransferReason.values())
              .stream().map(TransferReason::wire).collect(Collectors.joining(", ")) + ")");
        }
        reply = new DialogDefinition.Reply(DialogDefinition.Reply.ReplyKind.TRANSFER, one.stringOr("say", null), null, tr);
      }
      if (reply.kind() != DialogDefinition.Reply.ReplyKind.ANSWER && reply.say() != null) {
        checkPlaceholders(one, "say", reply.say(), readable);
      }
      replies.put(result, reply);
    }
    return new DialogDefinition.Backend(operation, idempotent, waitSay, confirm, send, fields, replies);
  }

  private SlotSpec slot(String name, Fields f) throws DialogDefinitionException {
    String typeText = f.string("type");
    SlotType type;
    try {
      type = SlotType.valueOf(typeText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = List.of(SlotType.values()).stream().map(SlotType::wire).collect(Collectors.joining(", "));
      throw f.error("type", "unknown slot type '" + typeText + "' (allowed: " + allowed + ")");
    }
    int[] lengths = SlotSpec.defaultLengths(type);
    if (!type.digitString()) {
      for (String k : List.of("min_length", "max_length")) {
        if (f.has(k)) {
          throw f.error(k, "only digits, postal_code and phone slots have a length");
        }
      }
    }
    int min = f.has("min_length") ? f.integer("min_length", 1, 30) : lengths[0];
    int max = f.has("max_length") ? f.integer("max_length", 1, 30) : lengths[1];
    if (max < min) {
      throw f.error("max_length", "must be at least min_length (" + min + ")");
    }
    String prompt = f.string("prompt");
    return new SlotSpec(name, type, min, max, prompt, f.stringOr("reprompt", prompt),
        f.stringOr("spoken_name", name.replace('_', ' ')), f.has("sensitive") && f.bool("sensitive"),
        keypadOnly(f, type));
  }

  private boolean keypadOnly(Fields f, SlotType type) throws DialogDefinitionException {
    boolean only = f.has("keypad_only") && f.bool("keypad_only");
    if (only && !type.acceptsKeypad()) {
      throw f.error("keypad_only", "a " + type.wire() + " slot cannot be keyed in");
    }
    return only;
  }

  private void checkPlaceholders(Fields f, String key, String text, List<SlotSpec> slots)
      throws DialogDefinitionException {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String slot = m.group(1);
      if (slots.stream().noneMatch(s -> s.name().equals(slot))) {
        throw f.error(key, "unknown placeholder {" + slot + "} (allowed: "
            + slots.stream().map(s -> "{" + s.name() + "}").collect(Collectors.joining(", ")) + ")");
      }
    }
  }

  private DialogDefinitionException error(Node n, String key, String problem) {
    return new DialogDefinitionException(file, n.getStartMark().getLine() + 1, key, problem);
  }

  private static String describe(Node n) {
    if (n instanceof ScalarNode s) {
      return "'" + s.getValue() + "'";
    }
    return n instanceof SequenceNode ? "a list" : "a mapping";
  }

  /**
   * A checked mapping: known keys only (when {@code allowed} is not null), required keys present, no
   * duplicates.
   */
  private Fields fields(Node node, String path, List<String> allowed, List<String> required)
      throws DialogDefinitionException {
    return fields(node, node, path, allowed, required);
  }

  /** {@code anchor} is where a missing key is reported: the parent's key line, not its first entry's. */
  private Fields fields(Node node, Node anchor, String path, List<String> allowed, List<String> required)
      throws DialogDefinitionException {
    String shown = path.isEmpty() ? "(root)" : path;
    if (!(node instanceof MappingNode map)) {
      throw error(node, shown, "expected a mapping of keys to values, got " + describe(node));
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw error(t.getKeyNode(), shown, "a key must be plain text");
      }
      String key = k.getValue();
      String full = path.isEmpty() ? key : path + "." + key;
      if (allowed != null && !allowed.contains(key)) {
        throw error(k, full, "unknown key (allowed: " + String.join(", ", allowed) + ")");
      }
      if (entries.containsKey(key)) {
        throw error(k, full, "duplicate key");
      }
      entries.put(key, t);
    }
    for (String r : required) {
      if (!entries.containsKey(r)) {
        throw error(anchor, path.isEmpty() ? r : path + "." + r, "missing (required)");
      }
    }
    return new Fields(path, anchor, entries);
  }

  private final class Fields {
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries;

    Fields(String path, Node node, Map<String, NodeTuple> entries) {
      this.path = path;
      this.node = node;
      this.entries = entries;
    }

    List<String> keys() {
      return new ArrayList<>(entries.keySet());
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    String full(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    Node value(String key) {
      return entries.get(key).getValueNode();
    }

    DialogDefinitionException error(String key, String problem) {
      Node at = entries.containsKey(key) ? value(key) : node;
      return DialogFileParser.this.error(at, full(key), problem);
    }

    DialogDefinitionException missing(String key, String problem) {
      return DialogFileParser.this.error(node, full(key), "missing: " + problem);
    }

    Fields fields(String key, List<String> allowed, List<String> required) throws DialogDefinitionException {
      return DialogFileParser.this.fields(value(key), entries.get(key).getKeyNode(), full(key), allowed, required);
    }

    String string(String key) throws DialogDefinitionException {
      Node v = value(key);
      if (!(v instanceof ScalarNode s)) {
        throw error(key, "expected text, got " + describe(v));
      }
      String text = s.getValue().strip();
      if (text.isEmpty()) {
        throw error(key, "must not be empty");
      }
      return text;
    }

    String stringOr(String key, String fallback) throws DialogDefinitionException {
      return has(key) ? string(key) : fallback;
    }

    String name(String key) throws DialogDefinitionException {
      String v = string(key);
      if (!NAME.matcher(v).matches()) {
        throw error(key, "a name is lower-case letters, digits and '_', got '" + v + "'");
      }
      return v;
    }

    /** A list of texts; a single text is a list of one. */
    List<String> strings(String key) throws DialogDefinitionException {
      Node v = value(key);
      List<String> out = new ArrayList<>();
      if (v instanceof ScalarNode s) {
        out.add(s.getValue().strip());
      } else if (v instanceof SequenceNode seq) {
        for (Node item : seq.getValue()) {
          if (!(item instanceof ScalarNode s)) {
            throw DialogFileParser.this.error(item, full(key), "expected a list of texts, got " + describe(item));
          }
          if (s.getValue().isBlank()) {
            throw DialogFileParser.this.error(item, full(key), "an empty text in the list");
          }
          out.add(s.getValue().strip());
        }
      } else {
        throw error(key, "expected a text or a list of texts, got " + describe(v));
      }
      if (out.isEmpty() || out.get(0).isEmpty()) {
        throw error(key, "must not be empty");
      }
      return out;
    }

    int integer(String key, int min, int max) throws DialogDefinitionException {
      String v = string(key);
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          throw error(key, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw error(key, "expected a whole number, got '" + v + "'");
      }
    }

    double number(String key, double min, double max) throws DialogDefinitionException {
      String v = string(key);
      try {
        double n = Double.parseDouble(v);
        if (!(n >= min && n <= max)) {
          throw error(key, "must be between " + min + " and " + max + ", got " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw error(key, "expected a number, got '" + v + "'");
      }
    }

    boolean bool(String key) throws DialogDefinitionException {
      String v = string(key).toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("yes")) {
        return true;
      }
      if (v.equals("false") || v.equals("no")) {
        return false;
      }
      throw error(key, "expected true or false, got '" + v + "'");
    }
  }
}
