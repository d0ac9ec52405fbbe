package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.decoder.search.Token;
import edu.cmu.sphinx.linguist.dictionary.Word;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.voicebot.gateway.asr.Listening;
import edu.cmu.sphinx.util.props.ConfigurationManager;
import edu.cmu.sphinx.util.props.ConfigurationManagerUtils;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WordTiming;

/**
 * One Sphinx4 recognizer: its own acoustic model copy (~100 MB), front end and search. Not thread-safe;
 * {@link SphinxRecognizer} lends each instance to one utterance at a time.
 *
 * <p>Decoding pulls audio from an {@link InputStream}: {@link #decode(byte[])} takes a whole utterance,
 * {@link #decodeStream} a pipe fed while the caller speaks (see {@link SphinxIncrementalRecognizer}),
 * with partial hypotheses from a result listener.
 */
final class SphinxDecoder {
    static final String CONFIG = "resource:/org/voicebot/gateway/asr/sphinx/sphinx-grammar.config.xml";
    /** Sphinx4 front end: 10 ms frame shift. */
    static final int FRAME_MS = 10;
    /**
     * Scale of the confidence logistic, in natural-log likelihood per frame of the best grammar path
     * over the best out-of-grammar (phone loop) path. Chosen from measurements on the test fixtures:
     * in-grammar fixtures that still had a surviving phone-loop competitor were 0.23-0.86 nats/frame
     * ahead of it (confidence 0.76-0.99).
     */
    static final double MARGIN_SCALE = 0.2;
    /** Confidence when the phone loop was pruned away entirely (grammar path far ahead of it). */
    static final double NO_COMPETITOR_CONFIDENCE = 0.99;

    private final Context context;
    private final Recognizer recognizer;
    private final Map<Listening, Recognizer> stateRecognizers;
    /** The front end's mean normalisation, shared by every grammar's search; set to the caller's channel per utterance. */
    private final ChannelCmn cmn;

    SphinxDecoder(Configuration configuration) throws IOException {
        this(configuration, CONFIG);
    }

    /** A decoder built from another Sphinx4 configuration with the same component names (test references). */
    SphinxDecoder(Configuration configuration, String config) throws IOException {
        this.context = new Context(config, configuration);
        configureIncremental(context);
        // by name: the configuration has one recognizer per grammar (getInstance(Recognizer.class) needs exactly one)
        ConfigurationManager cm = SphinxContexts.configurationManager(context);
        this.recognizer = (Recognizer) cm.lookup("recognizer");
        recognizer.addResultListener(partialListener());
        recognizer.allocate();
        this.stateRecognizers = allocateStateGrammars(cm, configuration.getGrammarPath());
        this.cmn = (ChannelCmn) cm.lookup("channelCmn");
    }

    /**
     * The per-prompt grammars (request, digits) written next to the main grammar, each with its own search
     * in this decoder's configuration; they share its acoustic model, dictionary and front end, so they
     * add no model copy. Absent grammar files leave only the main grammar.
     */
    private Map<Listening, Recognizer> allocateStateGrammars(ConfigurationManager cm, String grammarLocation) {
        Map<Listening, Recognizer> out = new EnumMap<>(Listening.class);
        for (Map.Entry<Listening, String> g : STATE_GRAMMARS.entrySet()) {
            if (!grammarExists(grammarLocation, g.getValue())) {
                continue;
            }
            ConfigurationManagerUtils.setProperty(cm, g.getValue() + "Grammar->grammarLocation", grammarLocation);
            ConfigurationManagerUtils.setProperty(cm, g.getValue() + "Decoder->featureBlockSize",
                    String.valueOf(PARTIAL_EVERY_FRAMES));
            ConfigurationManagerUtils.setProperty(cm, g.getValue() + "Decoder->fireNonFinalResults", "true");
            Recognizer r = (Recognizer) cm.lookup(g.getValue() + "Recognizer");
            r.addResultListener(partialListener());
            r.allocate();
            out.put(g.getKey(), r);
        }
        return out;
    }

    /** Names of the grammars (and of their component chains in the configuration) per kind of prompt. */
    static final Map<Listening, String> STATE_GRAMMARS = Map.of(
            Listening.REQUEST, DialogGrammar.REQUEST, Listening.DIGITS, DialogGrammar.DIGITS);

    private static boolean grammarExists(String location, String name) {
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(java.net.URI.create(location)).resolve(name + ".gram"));
        } catch (RuntimeException e) {
            return false;
        }
    }


    /**
     * Decodes one utterance with the grammar for {@code listening} (the main grammar when there is none for it),
     * normalised as a first utterance on a telephone line (no call's channel behind it).
     */
    Transcript decode(byte[] pcm16le, Listening listening) {
        return decodeStream(new ByteArrayInputStream(pcm16le), null, listening, new ChannelCmn.Channel());
    }

    /** Hands a search's intermediate results to {@link #partialSink} (shared by every grammar's search). */
    private edu.cmu.sphinx.decoder.ResultListener partialListener() {
        return new edu.cmu.sphinx.decoder.ResultListener() {
            @Override
            public void newResult(Result result) {
                java.util.function.Consumer<String> sink = partialSink;
                if (sink != null && !result.isFinal()) {
                    sink.accept(partialText(result));
                }
            }

            @Override
            public void newProperties(edu.cmu.sphinx.util.props.PropertySheet ps) {
                // configured in code, nothing to read
            }
        };
    }

    /** Receives partial hypotheses of the utterance being decoded by {@link #decodeStream}; null: none wanted. */
    private volatile java.util.function.Consumer<String> partialSink;

    /**
     * Settings for decoding while audio arrives (they do not change what is decoded): the search hands
     * back an intermediate result every {@link #PARTIAL_EVERY_FRAMES} frames, and the data source reads
     * 40 ms at a time, so a partial hypothesis is never far behind the audio fed so far.
     */
    private static void configureIncremental(Context context) {
        context.setLocalProperty("decoder->featureBlockSize", PARTIAL_EVERY_FRAMES);
        context.setLocalProperty("decoder->fireNonFinalResults", true);
        context.setLocalProperty("dataSource->bytesPerRead", 640);
    }

    /** Frames (10 ms) between intermediate results while decoding. */
    static final int PARTIAL_EVERY_FRAMES = 10;

    /** Decodes one utterance of little-endian signed 16-bit samples at the configured sample rate. */
    Transcript decode(byte[] pcm16le) {
        return decode(pcm16le, Listening.ANYTHING);
    }

    /**
     * Decodes one utterance read from {@code audio} (little-endian signed 16-bit samples) until it ends, with
     * the grammar for {@code listening} (the main grammar when there is none for it); blocks while
     * {@code audio} waits for more, so it decodes while the caller speaks when fed from a pipe.
     * {@code partials} (may be null) receives the best hypothesis so far, on this thread. The audio is
     * normalised with {@code channel}'s estimate, which the utterance then updates.
     */
    Transcript decodeStream(InputStream audio, java.util.function.Consumer<String> partials, Listening listening,
            ChannelCmn.Channel channel) {
        partialSink = partials;
        cmn.use(channel);
        try {
            return decodeResults(audio, stateRecognizers.getOrDefault(listening, recognizer));
        } finally {
            partialSink = null;
        }
    }

    private Transcript decodeResults(InputStream audio, Recognizer recognizer) {
        context.setSpeechSource(audio);
        StringBuilder text = new StringBuilder();
        List<WordTiming> words = new ArrayList<>();
        double confidence = 1.0;
        boolean any = false;
        Result result;
        // Without a speech marker in the front end, one stream gives one result; loop in case it ever gives more.
        while ((result = recognizer.recognize()) != null) {
            Segment segment = segment(result);
            if (segment == null) {
                continue;
            }
            any = true;
            confidence = Math.min(confidence, segment.confidence);
            for (WordTiming w : segment.words) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(w.word());
                words.add(w);
            }
        }
        if (!any || words.isEmpty()) {
            return Transcript.empty();
        }
        return new Transcript(text.toString(), confidence, words);
    }

    /** The words of the best path so far (no fillers, no out-of-grammar marker); empty when there is none. */
    static String partialText(Result result) {
        Token best = result.getBestToken();
        List<String> words = new ArrayList<>();
        for (Token t = best; t != null; t = t.getPredecessor()) {
            if (t.isWord()) {
                Word w = t.getWord();
                if (!w.isFiller() && !w.isSentenceStartWord() && !w.isSentenceEndWord()
                        && !Word.UNKNOWN.getSpelling().equals(w.getSpelling())) {
                    words.add(0, w.getSpelling());
                }
            }
        }
        return String.join(" ", words);
    }

    private record Segment(List<WordTiming> words, double confidence) {
    }

    private static Segment segment(Result result) {
        Token best = result.getBestFinalToken();
        if (best == null) {
            return null; // no path reached the end of the grammar (e.g. too little audio)
        }
        if (isOutOfGrammar(best)) {
            return new Segment(List.of(), 0.0); // the phone loop beat every grammar path: rejection
        }
        Token competitor = null;
        for (Token t : result.getResultTokens()) {
            if (isOutOfGrammar(t) && (competitor == null || t.getScore() > competitor.getScore())) {
                competitor = t;
            }
        }
        double confidence = NO_COMPETITOR_CONFIDENCE;
        if (competitor != null) {
            int frames = Math.max(1, emittingFrames(best));
            LogMath logMath = result.getLogMath();
            double marginPerFrame = logMath.logToLn(best.getScore() - competitor.getScore()) / frames;
            confidence = Math.min(NO_COMPETITOR_CONFIDENCE, 1.0 / (1.0 + Math.exp(-marginPerFrame / MARGIN_SCALE)));
        }
        List<WordTiming> words = new ArrayList<>();
        for (WordResult w : result.getTimedBestResult(false)) {
            Word word = w.getWord();
            if (word.isFiller() || word.isSentenceStartWord() || word.isSentenceEndWord()
                    || Word.UNKNOWN.getSpelling().equals(word.getSpelling())) {
                continue;
            }
            long start = Math.max(0, w.getTimeFrame().getStart());
            long end = Math.max(start, w.getTimeFrame().getEnd());
            words.add(new WordTiming(word.getSpelling(), start, end));
        }
        return new Segment(words, confidence);
    }

    private static boolean isOutOfGrammar(Token token) {
        for (Token t = token; t != null; t = t.getPredecessor()) {
            if (t.isWord() && Word.UNKNOWN.getSpelling().equals(t.getWord().getSpelling())) {
                return true;
            }
        }
        return false;
    }

    private static int emittingFrames(Token token) {
        int n = 0;
        for (Token t = token; t != null; t = t.getPredecessor()) {
            if (t.isEmitting()) {
                n++;
            }
        }
        return n;
    }

    void close() {
        stateRecognizers.values().forEach(Recognizer::deallocate);
        recognizer.deallocate();
    }
}
