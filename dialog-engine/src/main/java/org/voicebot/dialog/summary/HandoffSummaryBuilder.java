package org.voicebot.dialog.summary;

import java.util.ArrayList;
import java.util.List;
import org.voicebot.dialog.HandoffSummary;
import org.voicebot.dialog.TransferReason;
import org.voicebot.dialog.frustration.FrustrationState;
import org.voicebot.dialog.nlu.SpokenNumbers;
import org.voicebot.dialog.redact.Redactor;

/**
 * Builds the agent's briefing: who is calling, what they want, what the bot did, why the call comes to
 * a person, and a suggested next step. Spoken text only (digits read one by one, no symbols), redacted,
 * and at most {@link #MAX_WORDS} words, so it is spoken in under 20 seconds; when it would be longer the
 * least important parts go first (see {@link #build()}).
 */
public final class HandoffSummaryBuilder {

  public static final int MAX_WORDS = 45;
  /** Below this score a caller who asked for a person is not described as frustrated. */
  private static final double MENTION_FRUSTRATION = 0.3;

  private String callerId;
  private String account;
  private String intent;
  private String topic;
  private final List<String> details = new ArrayList<>();
  private final List<String> facts = new ArrayList<>();
  private TransferReason reason = TransferReason.POLICY;
  private FrustrationState frustration = FrustrationState.initial();
  private String nextStep;

  public HandoffSummaryBuilder callerId(String id) {
    this.callerId = id;
    return this;
  }

  /** The caller's account number (digits), if they gave one. */
  public HandoffSummaryBuilder account(String digits) {
    this.account = digits;
    return this;
  }

  /** What the caller wants: the intent name (for the record) and its topic as a noun phrase (for speech). */
  public HandoffSummaryBuilder intent(String name, String topicPhrase) {
    this.intent = name;
    this.topic = topicPhrase;
    return this;
  }

  /** Something the caller gave, e.g. ("postal code", "90210"); digits are read one by one. */
  public HandoffSummaryBuilder detail(String spokenName, String value) {
    String v = value.chars().allMatch(Character::isDigit) ? SpokenNumbers.spaced(value) : value;
    details.add(capitalize(spokenName) + " " + v + ".");
    return this;
  }

  /** One line for the agent's screen: what the bot did or found. */
  public HandoffSummaryBuilder fact(String line) {
    facts.add(Redactor.redact(line));
    return this;
  }

  public HandoffSummaryBuilder facts(List<String> lines) {
    lines.forEach(this::fact);
    return this;
  }

  public HandoffSummaryBuilder reason(TransferReason r) {
    this.reason = r;
    return this;
  }

  public HandoffSummaryBuilder frustration(FrustrationState state) {
    this.frustration = state;
    return this;
  }

  public HandoffSummaryBuilder nextStep(String step) {
    this.nextStep = step;
    return this;
  }

  public HandoffSummary build() {
    String who = "Caller " + (callerId == null || SpokenNumbers.allDigits(callerId).isEmpty()
        ? "number unknown" : SpokenNumbers.spaced(nationalDigits(callerId)));
    String whoWithAccount = account == null ? who + "." : who + ", account " + SpokenNumbers.spaced(account) + ".";
    String wanted = topic == null ? "The bot could not tell what they need." : "Calling about " + topic + ".";
    String did = String.join(" ", details);
    List<String> cues = cuePhrases();
    String next = "Next, " + (nextStep != null ? nextStep : defaultNextStep()) + ".";

    String shortNext = "Next, " + (reason == TransferReason.FRUSTRATION ? "apologise and help" : "help them") + ".";

    // Over the word budget, drop the least useful part first: a long next step, then (for a frustrated
    // caller) what they gave before the cues that explain the mood, or (otherwise) the second cue before
    // what they gave, since that saves the agent from asking again; the account goes last.
    boolean moodFirst = reason == TransferReason.FRUSTRATION || reason == TransferReason.CALLER_REQUEST;
    String text = null;
    for (int level = 0; level <= 4; level++) {
      boolean dropDetails = level >= (moodFirst ? 2 : 3);
      boolean dropCue = level >= (moodFirst ? 3 : 2);
      String n = level >= 1 ? shortNext : next;
      String why = why(dropCue ? cues.subList(0, Math.min(1, cues.size())) : cues);
      String d = dropDetails ? "" : did;
      String w = level >= 4 ? who + "." : whoWithAccount;
      text = tts(String.join(" ", List.of(w, wanted, d, why, n)));
      if (wordCount(text) <= MAX_WORDS) {
        break;
      }
    }
    return new HandoffSummary(text, callerId, intent, reason, frustration.score(), List.copyOf(facts),
        nextStep != null ? nextStep : defaultNextStep());
  }

  private String why(List<String> cues) {
    String list = String.join(" and ", cues);
    boolean upset = frustration.score() >= MENTION_FRUSTRATION && !cues.isEmpty();
    switch (reason) {
      case CALLER_REQUEST:
        return upset ? "They asked for a person and sound frustrated, " + list + "." : "They asked for a person.";
      case FRUSTRATION:
        return cues.isEmpty() ? "The caller sounds frustrated." : "The caller sounds frustrated, " + list + ".";
      case REPEATED_FAILURE:
        return "The bot could not understand them" + times(frustration.noMatches() + frustration.noInputs()) + "."
            + (upset ? " They sound frustrated." : "");
      case SENSITIVE_TOPIC:
        return "This is sensitive and needs a person.";
      case SYSTEM_ERROR:
        return "A system error stopped the bot.";
      case POLICY:
      default:
        return "The bot cannot finish this by itself yet.";
    }
  }

  /** The two most telling cues, as words for the agent. */
  private List<String> cuePhrases() {
    FrustrationState f = frustration;
    List<String> out = new ArrayList<>();
    if (f.agentRequests() > 1) {
      out.add("asked" + times(f.agentRequests()) + " for an agent");
    } else if (f.agentRequests() == 1 && reason != TransferReason.CALLER_REQUEST) {
      out.add("asked for an agent");
    }
    if (f.raisedVoice() > 0) {
      out.add("raised their voice");
    }
    if (f.profanity() > 0) {
      out.add("swore");
    }
    if (f.angryWords() > 0) {
      out.add("used angry words");
    }
    if (f.alreadySaid() > 0) {
      out.add("said they had already explained");
    }
    if (f.repeatedRequests() > 0) {
      out.add("repeated the same request");
    }
    if (f.zeroPresses() > 1) {
      out.add("pressed 0 again and again");
    }
    if (f.noMatches() > 1) {
      out.add("was not understood" + times(f.noMatches()));
    }
    if (f.bargeIns() > 1) {
      out.add("talked over the bot");
    }
    if (f.pitchCues() > 0 || f.fasterSpeech() > 0) {
      out.add("sounds agitated");
    }
    return out.subList(0, Math.min(2, out.size()));
  }

  private static String times(int n) {
    switch (n) {
      case 0:
      case 1:
        return n == 1 ? " once" : "";
      case 2:
        return " twice";
      case 3:
        return " three times";
      default:
        return " " + n + " times";
    }
  }

  private String defaultNextStep() {
    switch (reason) {
      case FRUSTRATION:
        return topic == null ? "apologise and ask what they need" : "apologise and help";
      case SENSITIVE_TOPIC:
        return "listen with care and help with " + (topic == null ? "their request" : topic);
      case SYSTEM_ERROR:
        return "apologise and help by hand";
      default:
        return topic == null ? "ask how you can help" : "help with " + topic;
    }
  }

  /** North American numbers are read without the leading country code 1. */
  private static String nationalDigits(String id) {
    String d = SpokenNumbers.allDigits(id);
    return d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
  }

  /** Redacted, and without symbols a TTS engine would read out or stumble over. */
  private static String tts(String text) {
    return Redactor.redact(text)
        .replaceAll("\\[card ending (\\d{4})]", "card ending $1")
        .replaceAll("[\\[\\]{}<>#*+/_|@&%$^~=\\\\]", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }

  private static int wordCount(String text) {
    return text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
