package org.voicebot.gateway.asr.moonshine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.voicebot.gateway.asr.ModelLoadException;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.SpeechLevel;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.Upsampler;

/**
 * Moonshine (Useful Sensors' English speech-to-text model, MIT licence) run by ONNX Runtime: an encoder over the
 * raw 16 kHz waveform and an autoregressive decoder with a key/value cache, decoded greedily and, when that
 * reading is unsure, by a beam search ({@link BeamSearch}). Free speech, no grammar: the dialog's classifier
 * and slot extractors read the transcript, as with Vosk.
 *
 * <p>One model (two ONNX sessions) is loaded once and shared by every call; ONNX Runtime sessions may run from
 * several threads at once, so {@link #recognize} needs no lock. Each run uses one intra-op thread: concurrent
 * calls spread over the cores instead of one call taking all of them.
 *
 * <p>Telephone audio (8 kHz) is upsampled by 2 ({@link Upsampler}); nothing above 4 kHz is invented. The
 * gateway's endpointer only hands over audio it heard speech in, so the decoder is not allowed to end the
 * transcript before its first token (the model otherwise answers some short words, e.g. an espeak "help", and
 * strings of Asterisk's recorded human digits with an empty transcript; with the rule those strings come out
 * right).
 * Confidence is the geometric mean of the transcript's token probabilities. No word timings.
 */
public final class MoonshineRecognizer implements SpeechRecognizer {
    /** Where the build puts the bundled base English model (voice-gateway/pom.xml, from the npm registry). */
    public static final String BUNDLED = "org/voicebot/gateway/asr/moonshine/base/";
    static final String ENCODER = "encoder_model.onnx";
    static final String DECODER = "decoder_model_merged.onnx";
    /** The token pieces (SentencePiece, LLaMA's 32,000), one per line by id; from llama-tokenizer-js 1.2.2. */
    static final String TOKENS = "org/voicebot/gateway/asr/moonshine/tokens.txt";
    static final int SAMPLE_RATE = 16000;
    static final int START_TOKEN = 1;
    static final int END_TOKEN = 2;
    /**
     * Hypotheses kept by the beam search. Measured on the accuracy list (README, "Recognition accuracy"): greedy
     * decoding (1) 81/104 with Moonshine alone and 91 with the pair; 4: 85 and 93; 8: 85 and 93 again, for more
     * decoder work.
     */
    static final int BEAM_WIDTH = 4;
    /**
     * A greedy reading whose tokens' geometric mean probability reaches this is kept without a beam search: the
     * beam costs about three times the greedy decode (end-of-utterance wait p50 87 -> 291 ms on the benchmark's
     * phrases) and changes little where the model was sure. Measured on the accuracy list: the beam for readings
     * under 0.8 only gives the same 93/104 as the beam for all (0.9: 92).
     */
    static final double SURE = 0.8;
    /** Moonshine's own bound on output length: six tokens per second of audio. */
    static final double MAX_TOKENS_PER_SECOND = 6.0;
    /** Less than this (100 ms at 8 kHz) is not an utterance: empty transcript without running the model. */
    static final int MIN_SAMPLES_8K = 800;

    /**
     * Speech level the model is given, the same as Sphinx4's. Measured with the tiny model on the accuracy list:
     * 70/104 unlevelled, 71 at -16 dBFS, 67 at -26 dBFS; a line's level should not decide what is heard.
     */
    static final double SPEECH_DBFS = -16.0;
    /** Most gain for a quiet line (more mostly lifts its noise). */
    static final double MAX_GAIN_DB = 30.0;

    private final OrtEnvironment env;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final Tokens tokens;
    private final List<String> cacheInputs;
    private final long[] emptyCacheShape;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MoonshineRecognizer(OrtEnvironment env, OrtSession encoder, OrtSession decoder, Tokens tokens,
            String description) throws OrtException {
        this.env = env;
        this.encoder = encoder;
        this.decoder = decoder;
        this.tokens = tokens;
        this.description = description;
        List<String> cache = new ArrayList<>();
        long[] shape = null;
        for (Map.Entry<String, NodeInfo> in : decoder.getInputInfo().entrySet()) {
            if (in.getKey().startsWith("past_key_values.")) {
                cache.add(in.getKey());
                if (shape == null) {
                    shape = ((TensorInfo) in.getValue().getInfo()).getShape();
                }
            }
        }
        if (cache.isEmpty() || shape == null || shape.length != 4 || shape[1] <= 0 || shape[3] <= 0) {
            throw new OrtException("the decoder has no key/value cache inputs of shape [batch, heads, length, dim]");
        }
        this.cacheInputs = List.copyOf(cache);
        // batch 0 and length 0: "no cache yet" (the merged decoder's first step ignores it, use_cache_branch=false)
        this.emptyCacheShape = new long[] {0, shape[1], 1, shape[3]};
    }

    /** Whether this build carries the bundled model (it is fetched at build time; an offline first build has none). */
    public static boolean bundled() {
        ClassLoader cl = MoonshineRecognizer.class.getClassLoader();
        return cl.getResource(BUNDLED + ENCODER) != null && cl.getResource(BUNDLED + DECODER) != null;
    }

    /** Loads the bundled base English model (blocks a second or two). */
    public static MoonshineRecognizer loadBundled() throws ModelLoadException {
        byte[] enc = resource(BUNDLED + ENCODER);
        byte[] dec = resource(BUNDLED + DECODER);
        return load(enc, dec, "bundled model " + BUNDLED, null);
    }

    /**
     * Loads a Moonshine model from a folder holding {@value #ENCODER} and {@value #DECODER} (the ONNX export of
     * the moonshine-js package, e.g. its {@code dist/model/base/quantized}).
     *
     * @throws ModelLoadException naming the folder and the file when one is missing or not a Moonshine model
     */
    public static MoonshineRecognizer load(Path folder) throws ModelLoadException {
        byte[][] files = new byte[2][];
        String[] names = {ENCODER, DECODER};
        for (int i = 0; i < 2; i++) {
            Path f = folder.resolve(names[i]);
            if (!Files.isRegularFile(f)) {
                throw new ModelLoadException(folder, "no " + names[i] + " in " + folder
                        + " (expected a Moonshine ONNX export: " + ENCODER + " and " + DECODER + ")");
            }
            try {
                files[i] = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new ModelLoadException(folder, "cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return load(files[0], files[1], "model " + folder, folder);
    }

    private static MoonshineRecognizer load(byte[] enc, byte[] dec, String what, Path folder) throws ModelLoadException {
        Tokens tokens = Tokens.load(TOKENS);
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException(folder, "ONNX Runtime cannot be loaded on this machine ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        }
        OrtSession encoder = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            encoder = session(env, enc, options, what, ENCODER, folder);
            if (!encoder.getInputNames().contains("input_values") || !encoder.getOutputNames().contains("last_hidden_state")) {
                throw new ModelLoadException(folder, what + ": " + ENCODER + " is not a Moonshine encoder (inputs "
                        + encoder.getInputNames() + ", outputs " + encoder.getOutputNames() + ")");
            }
            OrtSession decoder = session(env, dec, options, what, DECODER, folder);
            try {
                if (!decoder.getInputNames().containsAll(List.of("input_ids", "encoder_hidden_states", "use_cache_branch"))) {
                    throw new ModelLoadException(folder, what + ": " + DECODER + " is not a Moonshine merged decoder"
                            + " (inputs " + decoder.getInputNames() + ")");
                }
                return new MoonshineRecognizer(env, encoder, decoder, tokens, "Moonshine (English), " + what);
            } catch (OrtException | ModelLoadException e) {
                decoder.close();
                throw e;
            }
        } catch (OrtException e) {
            closeQuietly(encoder);
            throw new ModelLoadException(folder, what + ": " + e.getMessage(), e);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(encoder);
            throw e;
        }
    }

    private static OrtSession session(OrtEnvironment env, byte[] model, OrtSession.SessionOptions options, String what,
            String file, Path folder) throws ModelLoadException {
        try {
            return env.createSession(model, options);
        } catch (OrtException e) {
            throw new ModelLoadException(folder, what + ": ONNX Runtime could not load " + file
                    + " (corrupt, truncated or not an ONNX model): " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String name) throws ModelLoadException {
        try (InputStream in = MoonshineRecognizer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException(null, "the build carries no Moonshine model (" + name + " is not on the"
                        + " classpath; the build fetches it from the npm registry, see voice-gateway/pom.xml)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException(null, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** One line for the start-up log: which model. */
    public String describe() {
        return description;
    }

    @Override
    public String engineName() {
        return "moonshine";
    }

    /** Free speech: the prompt's kind does not change what the model may write. */
    @Override
    public Transcript recognize(short[] pcm8k) throws RecognitionException {
        if (closed.get()) {
            throw new RecognitionException("the Moonshine recognizer is closed", false);
        }
        if (pcm8k == null || pcm8k.length < MIN_SAMPLES_8K) {
            return Transcript.empty();
        }
        short[] pcm = new Upsampler(2).process(SpeechLevel.normalise(pcm8k, SPEECH_DBFS, MAX_GAIN_DB));
        float[] x = new float[pcm.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm[i] / 32768f;
        }
        int maxTokens = (int) Math.ceil(x.length / (double) SAMPLE_RATE * MAX_TOKENS_PER_SECOND);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            OnnxTensor audio = track(open, OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, x.length}));
            OrtSession.Result encoded = track(open, encoder.run(Map.of("input_values", audio)));
            OnnxTensor hidden = (OnnxTensor) encoded.get("last_hidden_state").orElseThrow();
            BeamSearch.Result d = decode(hidden, maxTokens, 1); // greedy
            if (Math.exp(d.meanLogProb()) < SURE) { // unsure: search wider, keep the likelier reading of the two
                BeamSearch.Result beam = decode(hidden, maxTokens, BEAM_WIDTH);
                if (beam.logProb() > d.logProb()) {
                    d = beam;
                }
            }
            String text = TranscriptText.normalise(tokens.text(d.ids()));
            if (text.isEmpty()) {
                return Transcript.empty();
            }
            return new Transcript(text, Math.exp(d.meanLogProb()), List.of());
        } catch (Exception e) {
            throw new RecognitionException("Moonshine failed on a " + pcm8k.length / 8 + " ms utterance: " + e.getMessage(), e, false);
        } finally {
            closeAll(open);
        }
    }

    /**
     * Decodes the encoded audio with a beam of {@code width} hypotheses ({@link BeamSearch}; 1 is greedy; never
     * ends before the first token, see the class comment). The encoder half of the key/value cache comes from the
     * first step and is shared by every hypothesis; each hypothesis' decoder half is the output of its own last
     * step. Every tensor and result it makes is closed before returning.
     */
    private BeamSearch.Result decode(OnnxTensor hidden, int maxTokens, int width) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            OnnxTensor empty = track(open, OnnxTensor.createTensor(env, FloatBuffer.allocate(0), emptyCacheShape));
            OnnxTensor noCache = track(open, OnnxTensor.createTensor(env, new boolean[] {false}));
            OnnxTensor useCache = track(open, OnnxTensor.createTensor(env, new boolean[] {true}));
            BeamSearch.Decoder<OrtSession.Result> steps = new BeamSearch.Decoder<>() {
                private OrtSession.Result first; // holds the encoder half of the cache for every later step

                @Override
                public BeamSearch.Step<OrtSession.Result> step(OrtSession.Result state, int token) throws OrtException {
                    Map<String, OnnxTensor> in = new HashMap<>();
                    for (String name : cacheInputs) {
                        in.put(name, state == null ? empty : present(name.contains(".decoder.") ? state : first, name));
                    }
                    in.put("encoder_hidden_states", hidden);
                    in.put("use_cache_branch", state == null ? noCache : useCache);
                    OrtSession.Result out;
                    try (OnnxTensor id = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {token}), new long[] {1, 1})) {
                        in.put("input_ids", id);
                        out = decoder.run(in);
                    }
                    if (state == null) {
                        first = track(open, out);
                    }
                    return new BeamSearch.Step<>(lastLogits((OnnxTensor) out.get("logits").orElseThrow()), out);
                }

                @Override
                public void release(OrtSession.Result state) {
                    if (state != first) {
                        state.close();
                    }
                }
            };
            return BeamSearch.search(steps, START_TOKEN, END_TOKEN, width, maxTokens);
        } finally {
            closeAll(open);
        }
    }

    private static OnnxTensor present(OrtSession.Result out, String pastName) {
        return (OnnxTensor) out.get(pastName.replace("past_key_values", "present")).orElseThrow();
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing native memory does not fail in practice; nothing to recover
            }
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> open, T t) {
        open.add(t);
        return t;
    }

    private static float[] lastLogits(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape(); // [1, tokens, vocabulary]
        int vocab = (int) shape[2];
        FloatBuffer b = logits.getFloatBuffer();
        float[] last = new float[vocab];
        b.position((int) ((shape[1] - 1) * vocab));
        b.get(last);
        return last;
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // already failing; the load error is what matters
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(decoder);
            closeQuietly(encoder);
        }
    }
}
