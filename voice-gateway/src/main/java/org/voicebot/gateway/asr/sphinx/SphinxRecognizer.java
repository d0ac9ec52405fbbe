package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.api.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.SpeechLevel;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.Transcript;

/**
 * Embedded CMU Sphinx4 recognizer constrained by a JSGF grammar generated from the dialog's phrases
 * plus a loop of spoken digits (see {@link DialogGrammar}), decoding 8 kHz audio natively.
 *
 * <p>Holds a bounded pool of Sphinx recognizers (each with its own ~100 MB acoustic model copy); every
 * {@link #recognize(short[])} borrows a free one and blocks while all are busy, so memory is bounded
 * whatever the number of calls.
 *
 * <p>Confidence: the grammar search runs with Sphinx's out-of-grammar branch (a free loop of phones).
 * If that branch wins, the utterance fits no phrase: the transcript is empty with confidence 0. If a
 * phone-loop path survives to the end next to the grammar path, confidence is a logistic of the
 * per-frame score margin of the grammar path over it. If the phone loop was pruned away, confidence is
 * 0.99. Known weak spot: the digit loop can absorb out-of-grammar speech as a long digit string with
 * high confidence, so check digit strings against the expected length.
 */
public final class SphinxRecognizer implements SpeechRecognizer {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SphinxRecognizer.class);
    /** Strong reference: java.util.logging holds loggers weakly, and the level would be lost on GC. */
    private static final Logger SPHINX_JUL = Logger.getLogger("edu.cmu.sphinx");
    static final int SAMPLE_RATE = 8000;
    /** Less than one 25 ms analysis window: nothing to decode. */
    private static final int MIN_SAMPLES = SAMPLE_RATE / 40;
    /**
     * Peak amplitude below which an utterance is taken as silence (about -50 dBFS). The grammar has no
     * empty path, so Sphinx would otherwise force digital silence onto a word (measured: 300 ms of zeros
     * gave "oh" at confidence 0.88).
     */
    private static final int MIN_PEAK = 100;
    /**
     * Speech level every utterance is brought to before decoding. Sphinx's live CMN starts from a fixed
     * cepstral mean and barely moves within a 1-2 s utterance, so recognition depended on the line's level:
     * measured, "business hours" decoded at 0, -6 and -12 dB and was rejected at -18 dB, and a quiet
     * utterance left the pooled decoder's mean off for the next caller. Levelling first makes a quiet and
     * a loud line look alike to the decoder.
     */
    static final double DECODING_RMS_DBFS = -16.0;
    /** Most gain applied to a quiet utterance (more would mostly lift the line's noise). */
    static final double MAX_GAIN_DB = 30.0;
    /** How often a caller waiting for a free decoder re-checks whether the recognizer was closed. */
    private static final long POLL_MS = 200;

    private final DialogGrammar grammar;
    private final Path grammarDir;
    private final List<SphinxDecoder> all;
    private final BlockingQueue<SphinxDecoder> idle;
    private volatile boolean closed;

    private SphinxRecognizer(DialogGrammar grammar, Path grammarDir, List<SphinxDecoder> decoders) {
        this.grammar = grammar;
        this.grammarDir = grammarDir;
        this.all = List.copyOf(decoders);
        this.idle = new ArrayBlockingQueue<>(decoders.size(), false, decoders);
    }

    /** {@link #create(Collection, int)} with one decoder per available processor. */
    public static SphinxRecognizer create(Collection<String> phrases) {
        return create(phrases, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Builds the grammar from {@code phrases}, writes it to a temporary directory and loads
     * {@code decoders} Sphinx recognizers (in parallel; a few seconds and ~100 MB heap each).
     *
     * @throws IllegalArgumentException if {@code decoders < 1}
     * @throws UncheckedIOException     if the grammar cannot be written or the model cannot be loaded
     */
    public static SphinxRecognizer create(Collection<String> phrases, int decoders) {
        return create(new Vocabulary(phrases, List.of(), List.of(), List.of()), decoders);
    }

    /**
     * What the dialog lets a caller say, for the grammars: {@code phrases} every phrase, keyword and number word
     * (the main grammar, used at money and date prompts); {@code requests} the intent examples and command phrases
     * (the open-prompt grammar); {@code commands} the command phrases (escapes at a digit prompt);
     * {@code digitSlotNames} spoken names of the digit slots ("zip code"). Empty {@code requests} means no
     * per-prompt grammars: every prompt decodes with the main grammar.
     */
    public record Vocabulary(Collection<String> phrases, Collection<String> requests, Collection<String> commands,
            Collection<String> digitSlotNames) {
        public Vocabulary {
            phrases = List.copyOf(phrases);
            requests = List.copyOf(requests);
            commands = List.copyOf(commands);
            digitSlotNames = List.copyOf(digitSlotNames);
        }
    }

    /**
     * Like {@link #create(Collection, int)}, with the per-prompt grammars of {@code vocabulary} next to the
     * main one (see {@link #recognize(short[], Listening)}).
     */
    public static SphinxRecognizer create(Vocabulary vocabulary, int decoders) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Collection<String> phrases = vocabulary.phrases();
        if (decoders < 1) {
            throw new IllegalArgumentException("decoders must be >= 1: " + decoders);
        }
        quietSphinxLogging();
        DialogGrammar grammar = DialogGrammar.build(phrases, CmuDictionary::known);
        if (!grammar.unknownWords().isEmpty()) {
            LOG.warn("ASR grammar: {} word(s) not in the CMU dictionary, left out of their phrases: {}{}",
                    grammar.unknownWords().size(), grammar.unknownWords(),
                    grammar.droppedPhrases().isEmpty() ? "" : "; phrases dropped entirely: " + grammar.droppedPhrases());
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("voicebot-asr-");
            Files.writeString(dir.resolve(DialogGrammar.NAME + ".gram"), grammar.jsgf(), StandardCharsets.UTF_8);
            writeStateGrammars(dir, vocabulary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSGF grammar", e);
        }
        Configuration configuration = new Configuration();
        configuration.setAcousticModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us");
        configuration.setDictionaryPath("resource:/" + CmuDictionary.RESOURCE);
        configuration.setGrammarPath(dir.toUri().toString());
        configuration.setGrammarName(DialogGrammar.NAME);
        configuration.setUseGrammar(true);
        configuration.setSampleRate(SAMPLE_RATE);

        long start = System.nanoTime();
        List<SphinxDecoder> loaded = new ArrayList<>();
        ExecutorService loader = Executors.newFixedThreadPool(Math.min(decoders, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "sphinx-loader");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<SphinxDecoder>> futures = new ArrayList<>();
            for (int i = 0; i < decoders; i++) {
                // Sphinx4's JSGF parser is not thread-safe (a weighted grammar failed to parse when two
                // decoders loaded at once): build them one after another.
                futures.add(loader.submit(() -> {
                    synchronized (SphinxRecognizer.class) {
                        quietSphinxLogging(); // again: seen at INFO in the launcher while MaryTTS started alongside
                        return new SphinxDecoder(configuration);
                    }
                }));
            }
            Throwable failure = null;
            for (Future<SphinxDecoder> f : futures) {
                try {
                    loaded.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                loaded.forEach(SphinxDecoder::close);
                deleteQuietly(dir);
                if (failure instanceof IOException io) {
                    throw new UncheckedIOException("cannot load the Sphinx4 model", io);
                }
                throw new IllegalStateException("cannot load the Sphinx4 model", failure);
            }
        } finally {
            loader.shutdownNow();
        }
        LOG.info("ASR sphinx4 ready: {} decoder(s), {} phrases + digit loop, loaded in {} ms",
                decoders, grammar.phrases().size(), (System.nanoTime() - start) / 1_000_000);
        return new SphinxRecognizer(grammar, dir, loaded);
    }

    /** Where the grammars of this recognizer were written (JSGF files named after {@link DialogGrammar}'s names). */
    Path grammarDirectory() {
        return grammarDir;
    }

    /** Writes the open-prompt and digit-prompt grammars that {@link SphinxDecoder} loads when present. */
    private static void writeStateGrammars(Path dir, Vocabulary v) throws IOException {
        if (v.requests().isEmpty()) {
            return;
        }
        Files.writeString(dir.resolve(DialogGrammar.REQUEST + ".gram"),
                DialogGrammar.requestJsgf(v.requests(), CmuDictionary::known), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(DialogGrammar.DIGITS + ".gram"),
                DialogGrammar.digitsJsgf(v.commands(), v.digitSlotNames(), CmuDictionary::known), StandardCharsets.UTF_8);
    }

    /** Sphinx4 logs every utterance at INFO through java.util.logging; keep only warnings. */
    static void quietSphinxLogging() {
        SPHINX_JUL.setLevel(Level.WARNING);
    }

    @Override
    public String engineName() {
        return "sphinx4";
    }

    /**
     * What every utterance goes through before decoding: the telephone band ({@link TelephoneBand}), one level,
     * then a fixed floor of line noise.
     */
    static short[] prepare(short[] pcm) {
        TelephoneBand band = new TelephoneBand(SAMPLE_RATE);
        short[] levelled = toDecodingLevel(band.filter(pcm));
        band.addLineNoise(levelled);
        return levelled;
    }

    /** Scales the utterance so its active speech (10 ms frames above -55 dBFS) is at {@link #DECODING_RMS_DBFS}. */
    static short[] toDecodingLevel(short[] pcm) {
        return SpeechLevel.normalise(pcm, DECODING_RMS_DBFS, MAX_GAIN_DB);
    }

    @Override
    public Transcript recognize(short[] pcm8k) throws RecognitionException {
        return recognize(pcm8k, Listening.ANYTHING);
    }

    /**
     * Recognises one utterance with the grammar for the prompt: {@link Listening#REQUEST} the dialog's requests
     * and commands without free digits, {@link Listening#DIGITS} a digit string or a command,
     * {@link Listening#ANYTHING} (and any kind without its own grammar) the main grammar.
     */
    @Override
    public Transcript recognize(short[] pcm8k, Listening listening) throws RecognitionException {
        Objects.requireNonNull(pcm8k, "pcm8k");
        Objects.requireNonNull(listening, "listening");
        if (closed) {
            throw new RecognitionException("recognizer is closed", false);
        }
        if (pcm8k.length < MIN_SAMPLES || peak(pcm8k) < MIN_PEAK) {
            return Transcript.empty();
        }
        byte[] bytes = org.voicebot.gateway.tts.Pcm.toLittleEndian(prepare(pcm8k));
        SphinxDecoder decoder = null;
        try {
            while (decoder == null) {
                if (closed) {
                    throw new RecognitionException("recognizer is closed", false);
                }
                decoder = idle.poll(POLL_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecognitionException("interrupted while waiting for a free decoder", e, true);
        }
        try {
            if (closed) {
                throw new RecognitionException("recognizer is closed", false);
            }
            return decoder.decode(bytes, listening);
        } catch (RuntimeException e) {
            throw new RecognitionException("Sphinx4 failed on a " + pcm8k.length + "-sample utterance", e, false);
        } finally {
            release(decoder);
        }
    }

    // ---- lending decoders to incremental streams (SphinxIncrementalRecognizer) -------------------

    /** A free decoder, or null when all are lent out (the caller queues its utterance; nothing fails for it). */
    SphinxDecoder tryLend() throws RecognitionException {
        if (closed) {
            throw new RecognitionException("recognizer is closed", false);
        }
        return idle.poll();
    }

    /** Returns a decoder lent by {@link #tryLend()}. */
    void giveBack(SphinxDecoder decoder) {
        release(decoder);
    }

    boolean isClosed() {
        return closed;
    }

    private static int peak(short[] pcm) {
        int peak = 0;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    private void release(SphinxDecoder decoder) {
        if (closed) {
            decoder.close();
        } else {
            idle.add(decoder);
            if (closed && idle.remove(decoder)) { // close() ran between the check and the add
                decoder.close();
            }
        }
    }

    /** Number of pooled decoders. */
    public int decoders() {
        return all.size();
    }

    /** The normalised phrases the grammar was built from (unknown words removed, duplicates merged). */
    public List<String> grammarPhrases() {
        return grammar.phrases();
    }

    /** Words of the phrases that the pronouncing dictionary lacks; they are not in the grammar. */
    public SortedSet<String> unknownWords() {
        return grammar.unknownWords();
    }

    /** The generated JSGF grammar text. */
    public String grammarText() {
        return grammar.jsgf();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        SphinxDecoder d;
        while ((d = idle.poll()) != null) {
            d.close();
        }
        deleteQuietly(grammarDir);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(DialogGrammar.NAME + ".gram"));
            Files.deleteIfExists(dir.resolve(DialogGrammar.REQUEST + ".gram"));
            Files.deleteIfExists(dir.resolve(DialogGrammar.DIGITS + ".gram"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }
}
