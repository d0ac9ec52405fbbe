package org.voicebot.gateway.asr.vosk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.asr.ModelLoadException;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.Upsampler;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The Vosk (Kaldi) engine: one {@link Model} loaded from a folder and shared by every call, one Vosk
 * {@link Recognizer} per call (created on the call's first speech, reused for its later utterances),
 * partial results while the caller speaks, and a final result with word timings and per-word
 * confidences.
 *
 * <p>Audio rate: telephone audio is 8 kHz. An 8 kHz model is fed as is; a 16 kHz model (most of the
 * downloadable ones) gets the audio upsampled by {@link Upsampler}, because Vosk lets Kaldi only
 * downsample: a 16 kHz model fed 8 kHz stops with "Sampling frequency mismatch".
 *
 * <p>Grammar: with phrases, each recognizer is built from a phrase list (Vosk turns it into a bigram
 * language model over the dialog's words plus digits and {@code [unk]}); this needs a model with a runtime
 * graph (the small models). Without phrases it recognises free speech with the model's own language model.
 */
public final class VoskRecognizer implements StreamingRecognizer {
    private static final Logger LOG = LoggerFactory.getLogger(VoskRecognizer.class);
    private static final RecognizerCapabilities CAPABILITIES = new RecognizerCapabilities(true, true, true);

    private final Model model;
    private final VoskModelFolder folder;
    private final int factor;
    private final float rate;
    private final String grammarJson;
    private final int grammarPhrases;
    private volatile boolean closed;

    private VoskRecognizer(Model model, VoskModelFolder folder, int factor, String grammarJson, int grammarPhrases) {
        this.model = model;
        this.folder = folder;
        this.factor = factor;
        this.rate = 8000f * factor;
        this.grammarJson = grammarJson;
        this.grammarPhrases = grammarPhrases;
    }

    /**
     * Checks and loads the model in {@code folder} (blocks: seconds for a big model).
     *
     * @param grammarPhrases the dialog's phrases to constrain recognition to, or an empty collection for
     *                       free speech
     * @throws ModelLoadException naming the folder and what is wrong: missing, not a model, corrupt, a rate
     *                            telephone audio cannot feed, or no native library for this machine
     */
    public static VoskRecognizer load(Path folder, Collection<String> grammarPhrases) throws ModelLoadException {
        Objects.requireNonNull(grammarPhrases, "grammarPhrases");
        VoskModelFolder info = VoskModelFolder.inspect(folder);
        int factor = info.upsampleFactor();
        Model model;
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            model = new Model(folder.toString());
        } catch (IOException e) {
            throw new ModelLoadException(folder, "Vosk could not load the model in " + folder
                    + ": its files are corrupt, truncated or from an incompatible Vosk version (Vosk's own reason is"
                    + " the 'ERROR (VoskAPI' line on standard error)", e);
        } catch (LinkageError e) {
            throw new ModelLoadException(folder, "the Vosk native library cannot be loaded on this machine ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        }
        String grammar = null;
        int phrases = 0;
        if (!grammarPhrases.isEmpty()) {
            if (info.runtimeGraph()) {
                grammar = VoskGrammar.json(grammarPhrases);
                phrases = grammarPhrases.size();
            } else {
                LOG.warn("asr.voskGrammar: the model in {} has a static graph (HCLG.fst), which takes no phrase list;"
                        + " recognising free speech", folder);
            }
        }
        return new VoskRecognizer(model, info, factor, grammar, phrases);
    }

    @Override
    public String engineName() {
        return "vosk";
    }

    @Override
    public RecognizerCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** For the start-up log line: the model, its rate, and how recognition is constrained. */
    public String describe() {
        return "Vosk model " + folder.folder() + " (" + folder.sampleRate() + " Hz"
                + (factor > 1 ? ", 8 kHz audio upsampled x" + factor : "") + ", "
                + (grammarJson == null ? "free speech" : "grammar of " + grammarPhrases + " dialog phrases") + ")";
    }

    public VoskModelFolder folder() {
        return folder;
    }

    @Override
    public RecognitionStream openStream() throws RecognitionException {
        if (closed) {
            throw new RecognitionException("the Vosk model is closed", false);
        }
        Recognizer r;
        try {
            r = grammarJson == null ? new Recognizer(model, rate) : new Recognizer(model, rate, grammarJson);
        } catch (IOException | RuntimeException e) {
            throw new RecognitionException("Vosk could not create a recognizer: " + e.getMessage(), e, false);
        }
        if (r.getPointer() == null) { // the grammar constructor does not check; a null handle would crash the JVM
            throw new RecognitionException("Vosk could not create a recognizer", false);
        }
        r.setWords(true);
        return new Stream(r);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close(); // Vosk counts references: recognizers still open keep the native model alive
        }
    }

    /** One call's recognizer. Times Vosk reports run from the recognizer's first sample; utterances are offset. */
    private final class Stream implements RecognitionStream {
        private final Recognizer recognizer;
        private final Upsampler upsampler = factor > 1 ? new Upsampler(factor) : null;
        private final List<VoskResults.Segment> segments = new ArrayList<>();
        private long fed;
        private long utteranceStart = -1;
        private boolean closedStream;

        Stream(Recognizer recognizer) {
            this.recognizer = recognizer;
        }

        @Override
        public void accept(short[] pcm8k) throws RecognitionException {
            check();
            if (utteranceStart < 0) {
                utteranceStart = fed + (upsampler == null ? 0 : upsampler.delay());
                segments.clear();
                if (upsampler != null) {
                    upsampler.reset(); // utterances are not contiguous audio
                }
            }
            short[] data = upsampler == null ? pcm8k : upsampler.process(pcm8k);
            boolean endpoint = recognizer.acceptWaveForm(data, data.length);
            fed += data.length;
            if (endpoint) {
                // Vosk's own endpointer saw a pause inside our utterance: keep that stretch, go on decoding.
                segments.add(VoskResults.segment(recognizer.getResult(), utteranceStart, rate));
            }
        }

        @Override
        public String partial() throws RecognitionException {
            check();
            if (utteranceStart < 0) {
                return "";
            }
            String now = VoskResults.partial(recognizer.getPartialResult());
            StringBuilder sb = new StringBuilder();
            for (VoskResults.Segment s : segments) {
                append(sb, s.text());
            }
            append(sb, now);
            return sb.toString();
        }

        @Override
        public Transcript finish() throws RecognitionException {
            check();
            if (utteranceStart < 0) {
                return Transcript.empty();
            }
            segments.add(VoskResults.segment(recognizer.getFinalResult(), utteranceStart, rate));
            Transcript t = VoskResults.transcript(segments);
            segments.clear();
            utteranceStart = -1;
            return t;
        }

        @Override
        public void discard() throws RecognitionException {
            check();
            if (utteranceStart >= 0) {
                recognizer.getFinalResult(); // ends the utterance inside Vosk so the next one starts clean
                segments.clear();
                utteranceStart = -1;
            }
        }

        @Override
        public void close() {
            if (!closedStream) {
                closedStream = true;
                recognizer.close();
            }
        }

        private void check() throws RecognitionException {
            if (closedStream) {
                throw new RecognitionException("the Vosk recognizer is closed", false);
            }
        }

        private static void append(StringBuilder sb, String text) {
            if (!text.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(text);
            }
        }
    }
}
