package org.voicebot.testcalls.handoff;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.linguist.dictionary.Word;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.slot.SlotSpec;
import org.voicebot.gateway.tts.Pcm;

/**
 * Transcribes an agent briefing back with the embedded Sphinx4 engine, constrained to what any briefing of a
 * dialog could say: a loop over the words of the summary templates ({@code HandoffSummaryBuilder}), of every
 * intent's label, topic and next step, of every slot's spoken name, and the digits. Built from the dialog, not
 * from the briefing under test, so a briefing that names another intent (or none) is heard as such.
 */
final class SummaryTranscriber implements AutoCloseable {

  /** The fixed words of HandoffSummaryBuilder's sentences (who, what, why for every reason, cues, next step). */
  static final String TEMPLATE_WORDS = "caller number unknown account calling about the bot could not tell what"
      + " they need next help them apologise apologize and ask how you can with asked for a person sound sounds"
      + " frustrated this is sensitive needs system error stopped by hand cannot finish itself yet understand once"
      + " twice three times raised their voice swore used angry words said had already explained repeated same"
      + " request pressed again was understood talked over agitated an agent listen care";
  static final String DIGITS = "zero oh one two three four five six seven eight nine";

  private static final String CONFIG = "resource:/org/voicebot/gateway/asr/sphinx/sphinx-grammar.config.xml";
  private static final String DICTIONARY = "edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";

  private final Path dir;
  private final Context context;
  private final Recognizer recognizer;
  private final Set<String> vocabulary;

  /**
   * Tuned on two briefings: with the gateway's settings for short commands (word insertion 0.1) the loop heard
   * a function word in every pause between spoken digits; almost no insertion and free silences fixed that.
   */
  static final Map<String, String> TUNING = Map.of("wordInsertionProbability", "1e-20",
      "silenceInsertionProbability", "1");

  SummaryTranscriber(DialogDefinition dialog) throws IOException {
    this(dialog, TUNING);
  }

  /** @param overrides global properties of the gateway's Sphinx configuration to change (tuning) */
  SummaryTranscriber(DialogDefinition dialog, Map<String, String> overrides) throws IOException {
    Logger.getLogger("edu.cmu.sphinx").setLevel(Level.WARNING);
    this.vocabulary = known(vocabulary(dialog));
    dir = Files.createTempDirectory("summary-asr-");
    Files.writeString(dir.resolve("summary.gram"), "#JSGF V1.0;\n\ngrammar summary;\n\npublic <briefing> = <word>+;\n\n"
        + "<word> = " + String.join(" | ", vocabulary) + ";\n", StandardCharsets.UTF_8);
    String xml;
    try (InputStream in = SummaryTranscriber.class.getResourceAsStream(CONFIG.substring("resource:".length()))) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      xml = xml.replaceAll("(<property name=\"" + e.getKey() + "\" value=\")[^\"]*(\"/>)", "$1" + e.getValue() + "$2");
    }
    Path config = dir.resolve("config.xml");
    Files.writeString(config, xml, StandardCharsets.UTF_8);
    Configuration c = new Configuration();
    c.setAcousticModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us");
    c.setDictionaryPath("resource:/" + DICTIONARY);
    c.setGrammarPath(dir.toUri().toString());
    c.setGrammarName("summary");
    c.setUseGrammar(true);
    c.setSampleRate(8000);
    context = new Context(config.toUri().toString(), c);
    // by name: the gateway's configuration also defines the per-prompt searches (more than one Recognizer)
    recognizer = (Recognizer) org.voicebot.gateway.asr.sphinx.SphinxContexts.configurationManager(context).lookup("recognizer");
    recognizer.allocate();
  }

  /** Every word any briefing of {@code dialog} can contain, lower case. */
  static Set<String> vocabulary(DialogDefinition dialog) {
    Set<String> out = new TreeSet<>();
    List<String> texts = new ArrayList<>(List.of(TEMPLATE_WORDS, DIGITS));
    for (DialogDefinition.Intent i : dialog.intents().values()) {
      texts.add(i.label());
      texts.add(i.topic());
      if (i.nextStep() != null) {
        texts.add(i.nextStep());
      }
      for (SlotSpec s : i.slots()) {
        texts.add(s.spokenName());
      }
    }
    for (String t : texts) {
      out.addAll(words(t));
    }
    return out;
  }

  static List<String> words(String text) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]+", " ").strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  Set<String> vocabulary() {
    return vocabulary;
  }

  /** The words heard in {@code pcm} (8 kHz), brought to one speech level first as the gateway's engine does. */
  String transcribe(short[] pcm) {
    context.setSpeechSource(new ByteArrayInputStream(Pcm.toLittleEndian(level(pcm))));
    StringBuilder text = new StringBuilder();
    Result r;
    while ((r = recognizer.recognize()) != null) {
      for (WordResult w : r.getTimedBestResult(false)) {
        Word word = w.getWord();
        if (!word.isFiller() && !word.isSentenceStartWord() && !word.isSentenceEndWord()) {
          text.append(text.length() > 0 ? " " : "").append(word.getSpelling());
        }
      }
    }
    return text.toString();
  }

  /** Scaled to -16 dBFS RMS (at most +30 dB), clipped. */
  private static short[] level(short[] pcm) {
    double rms = Pcm.rmsDbfs(pcm);
    double gain = Double.isFinite(rms) ? Math.pow(10, Math.min(30, -16 - rms) / 20) : 1;
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = Pcm.clip(pcm[i] * gain);
    }
    return out;
  }

  private static Set<String> known(Collection<String> words) throws IOException {
    Set<String> wanted = new HashSet<>(words);
    Set<String> found = new TreeSet<>();
    try (InputStream in = SummaryTranscriber.class.getClassLoader().getResourceAsStream(DICTIONARY)) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space > 0) {
          String w = line.substring(0, space).replaceAll("\\(\\d+\\)$", "");
          if (wanted.contains(w)) {
            found.add(w);
          }
        }
      }
    }
    return found;
  }

  @Override
  public void close() throws IOException {
    recognizer.deallocate();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
