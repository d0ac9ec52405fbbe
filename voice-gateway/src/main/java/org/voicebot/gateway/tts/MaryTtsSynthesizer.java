package org.voicebot.gateway.tts;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@link SpeechSynthesizer} on in-process MaryTTS 5.2.1 with the cmu-slt-hsmm voice.
 *
 * <p><b>Pipeline.</b> The text is put into an SSML document (as a DOM text node, so no markup in
 * the text is interpreted), with a {@code <prosody>} element for {@link Voice#BRIEFING} and
 * {@link Voice#CALLER}. Mary renders it as 16-bit mono at 48 kHz; the stream is read in a loop
 * (a single {@code readAllBytes()} on Mary's stream returned only 8192 bytes), low-pass filtered
 * and decimated to 8 kHz by {@link AntiAliasDecimator} (javax.sound's conversion does no
 * anti-aliasing), and quiet edges are trimmed (see below). Output whose peak exceeds
 * {@link #MAX_PEAK_DBFS} (Mary peak-normalises speech with prosody changes) is first attenuated to
 * that peak, so the filter cannot clip.
 *
 * <p><b>Threads.</b> One {@link LocalMaryInterface} is created in {@link #start()}, configured
 * once (input type SSML) and never reconfigured afterwards; per-request differences are in the
 * document only. So {@link #synthesize} takes no lock, and concurrent calls run in parallel (Mary
 * processes a request in the calling thread). Measured: parallel results are byte-identical to
 * sequential ones. Mary itself is a JVM-wide singleton: a second {@code start()} reuses the loaded
 * engine.
 *
 * <p><b>Edge trimming.</b> cmu-slt-hsmm output has no digital silence (the first non-zero sample
 * is at ~1 ms), but it begins with 50-80 ms and ends with up to ~0.5 s (measured with prosody
 * changes) of vocoder noise at -55 to -65 dBFS, far below speech (-15 to -25 dBFS RMS). On the phone
 * that only adds latency to each turn (the caller hears nothing, and the dialog waits for the
 * prompt to end before listening), so leading and trailing 10 ms frames below
 * {@link #TRIM_THRESHOLD_DBFS} (-48, clear of that noise floor) are removed, keeping
 * {@link #TRIM_KEEP_MS} ms of them on each side so that soft onsets and decays are not clipped.
 * Nothing inside the utterance is touched.
 *
 * <p><b>jtok.</b> Mary 5.2.1 configures its tokenizer with {@code languages=en}; jtok 2.1.23
 * (the only version on Maven Central) reads every property as a language, so it also loads a
 * language called {@code languages} from the classpath folder {@code en/}. This module ships those
 * files ({@code en/languages_*}, copies of jtok's own {@code jtok/default/default_*}); English
 * tokenization itself still uses jtok's {@code jtok/en} resources. {@link #start()} checks they
 * are visible to jtok and fails with a clear message otherwise. Mary also omits jtok's
 * {@code default} language, so jtok logs "missing default language resources" at ERROR on start;
 * it is harmless (silence logger {@code de.dfki.lt.tools.tokenizer.JTok} in the logging config).
 */
public final class MaryTtsSynthesizer implements SpeechSynthesizer {

    private static final Logger LOG = LoggerFactory.getLogger(MaryTtsSynthesizer.class);

    /** The MaryTTS voice used for every {@link Voice}. */
    public static final String MARY_VOICE = "cmu-slt-hsmm";
    /** Edge frames quieter than this (RMS, 10 ms frames) are trimmed. */
    public static final double TRIM_THRESHOLD_DBFS = -48.0;
    /** Quiet audio kept before the first and after the last louder frame. */
    public static final int TRIM_KEEP_MS = 50;
    /** Peak level above which Mary's 48 kHz output is attenuated before filtering (headroom). */
    public static final double MAX_PEAK_DBFS = -2.0;

    private static final String SSML_NS = "http://www.w3.org/2001/10/synthesis";
    private static final String[] JTOK_LANGUAGES_FILES = {
        "abbrev.cfg", "class_hierarchy.xml", "classes.cfg", "clitics.cfg", "macros.cfg",
        "nonCapTerms.txt", "punct.cfg"};
    private static final Object START_LOCK = new Object();

    private final LocalMaryInterface mary;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(MaryTtsSynthesizer::newBuilder);

    private MaryTtsSynthesizer(LocalMaryInterface mary) {
        this.mary = mary;
    }

    /**
     * Loads MaryTTS (once per JVM; ~2-7 s and ~110 MB heap the first time) and returns a ready
     * synthesizer. Logs the start-up time.
     *
     * @throws SynthesisException if Mary cannot be started or the jtok resources are missing
     */
    public static MaryTtsSynthesizer start() throws SynthesisException {
        long t0 = System.nanoTime();
        checkJtokResources();
        LocalMaryInterface mary;
        synchronized (START_LOCK) {   // Mary.startup() is not safe to race
            // Mary reads its module lists from system properties before its config files: register our POS
            // tagger (current OpenNLP) and make Mary prefer it over its own, which needs OpenNLP 1.5.
            System.setProperty("modules.classes.list", MaryPosTagger.MODULE_SPEC);
            System.setProperty("modules.preferred.classes.list", MaryPosTagger.class.getName());
            try {
                mary = new LocalMaryInterface();
            } catch (MaryConfigurationException | RuntimeException e) {
                throw new SynthesisException("MaryTTS failed to start: " + e.getMessage(), e);
            }
        }
        if (!mary.getAvailableVoices().contains(MARY_VOICE)) {
            throw new SynthesisException("MaryTTS voice " + MARY_VOICE + " not found (available: "
                    + mary.getAvailableVoices() + "); is de.dfki.mary:voice-cmu-slt-hsmm on the classpath?");
        }
        mary.setLocale(Locale.US);
        mary.setVoice(MARY_VOICE);
        mary.setInputType("SSML");
        mary.setOutputType("AUDIO");
        long started = System.nanoTime();
        MaryTtsSynthesizer synthesizer = new MaryTtsSynthesizer(mary);
        synthesizer.synthesize("Hello.", Voice.BOT);   // warm-up: first request is slow (class loading, JIT)
        long warm = System.nanoTime();
        LOG.info("MaryTTS {} ready: start-up {} ms, warm-up synthesis {} ms",
                MARY_VOICE, (started - t0) / 1_000_000, (warm - started) / 1_000_000);
        return synthesizer;
    }

    /** jtok loads via the system class loader first, then via its own class's loader. */
    private static void checkJtokResources() throws SynthesisException {
        ClassLoader jtokLoader;
        try {
            jtokLoader = Class.forName("de.dfki.lt.tools.tokenizer.JTok").getClassLoader();
        } catch (ClassNotFoundException e) {
            throw new SynthesisException("jtok (de.dfki.lt.jtok:jtok-core 2.1.23) is not on the classpath", e);
        }
        List<String> missing = new ArrayList<>();
        for (String f : JTOK_LANGUAGES_FILES) {
            String name = "en/languages_" + f;
            URL url = ClassLoader.getSystemResource(name);
            if (url == null && jtokLoader != null) {
                url = jtokLoader.getResource(name);
            }
            if (url == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new SynthesisException("MaryTTS 5.2.1 with jtok 2.x needs the classpath resources " + missing
                    + " (shipped with org.voicebot.gateway.tts; copies of jtok's jtok/default/default_* files)"
                    + " visible to jtok's class loader");
        }
    }

    @Override
    public short[] synthesize(String text, Voice voice) throws SynthesisException {
        if (closed.get()) {
            throw new IllegalStateException("synthesizer is closed");
        }
        if (voice == null) {
            throw new NullPointerException("voice");
        }
        if (text == null || text.isBlank()) {
            throw new SynthesisException("nothing to say: text is empty");
        }
        Document doc = ssml(text.strip(), voice);
        Pcm.Audio audio;
        try (AudioInputStream in = mary.generateAudio(doc)) {
            audio = Pcm.readStream(in);
        } catch (marytts.exceptions.SynthesisException | IOException | RuntimeException e) {
            throw new SynthesisException("MaryTTS could not synthesize " + quote(text) + ": " + e.getMessage(), e);
        }
        short[] pcm8k = AntiAliasDecimator.resampleTo8k(withHeadroom(audio.samples()), audio.sampleRate());
        short[] trimmed = trimQuietEdges(pcm8k, SAMPLE_RATE, TRIM_THRESHOLD_DBFS, TRIM_KEEP_MS);
        if (trimmed.length == 0) {
            throw new SynthesisException("MaryTTS produced no audible speech for " + quote(text));
        }
        return trimmed;
    }

    /**
     * Mary's output with a prosody change comes out peak-normalised to full scale (a sample or two
     * even clips); the low-pass would then overshoot and clip at 8 kHz. Scale such signals down so
     * the peak is at {@link #MAX_PEAK_DBFS}; quieter ones (plain BOT peaks near -3.6 dBFS) are
     * returned unchanged.
     */
    static short[] withHeadroom(short[] pcm) {
        int peak = 0;
        for (short v : pcm) {
            peak = Math.max(peak, Math.abs((int) v));
        }
        double limit = 32768 * Math.pow(10, MAX_PEAK_DBFS / 20);
        if (peak <= limit) {
            return pcm;
        }
        double g = limit / peak;
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (short) Math.round(pcm[i] * g);
        }
        return out;
    }

    private Document ssml(String text, Voice voice) {
        Document doc = builders.get().newDocument();
        Element speak = doc.createElementNS(SSML_NS, "speak");
        speak.setAttribute("version", "1.0");
        speak.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en-US");
        doc.appendChild(speak);
        Node parent = speak;
        if (voice.ssmlRate() != null || voice.ssmlPitch() != null) {
            Element prosody = doc.createElementNS(SSML_NS, "prosody");
            if (voice.ssmlRate() != null) {
                prosody.setAttribute("rate", voice.ssmlRate());
            }
            if (voice.ssmlPitch() != null) {
                prosody.setAttribute("pitch", voice.ssmlPitch());
            }
            speak.appendChild(prosody);
            parent = prosody;
        }
        parent.appendChild(doc.createTextNode(text));
        return doc;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DocumentBuilder available", e);
        }
    }

    /**
     * Removes leading and trailing 10 ms frames whose RMS is below {@code thresholdDbfs}, keeping
     * up to {@code keepMs} of the removed audio next to the first/last louder frame. Returns an
     * empty array if no frame reaches the threshold.
     */
    static short[] trimQuietEdges(short[] pcm, int rate, double thresholdDbfs, int keepMs) {
        int frame = Math.max(1, rate / 100);
        int frames = (pcm.length + frame - 1) / frame;
        int first = -1;
        int last = -1;
        for (int i = 0; i < frames; i++) {
            int from = i * frame;
            int to = Math.min(pcm.length, from + frame);
            if (Pcm.rmsDbfs(pcm, from, to) >= thresholdDbfs) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return new short[0];
        }
        int keep = rate * keepMs / 1000;
        int start = Math.max(0, first * frame - keep);
        int end = Math.min(pcm.length, Math.min(pcm.length, (last + 1) * frame) + keep);
        return java.util.Arrays.copyOfRange(pcm, start, end);
    }

    private static String quote(String text) {
        String t = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return '"' + t + '"';
    }

    /**
     * Marks this synthesizer closed. The MaryTTS engine itself is a JVM-wide singleton and stays
     * loaded (it is not designed to be restarted, and reloading takes seconds); other
     * {@code MaryTtsSynthesizer} instances keep working.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.debug("MaryTtsSynthesizer closed");
        }
    }
}
