package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WavFixtures;
import org.voicebot.gateway.asr.WavFixtures.Fixture;
import org.voicebot.gateway.tts.Pcm;

/** Sphinx4 decoding while the audio arrives, frame by frame, through the streaming port. */
class SphinxIncrementalRecognizerTest {
    private static SphinxIncrementalRecognizer engine;
    private static SphinxRecognizer pool;

    @BeforeAll
    static void load() {
        pool = SphinxRecognizer.create(DomainPhrases.all(), 2);
        engine = new SphinxIncrementalRecognizer(pool);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static String expected(Fixture f) {
        return String.join(" ", DialogGrammar.normalise(f.text()));
    }

    /** Feeds {@code pcm} in 20 ms frames, as a call does, and ends the utterance. */
    private static Transcript stream(RecognitionStream s, short[] pcm) throws Exception {
        for (int i = 0; i < pcm.length; i += 160) {
            s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
        }
        return s.finish();
    }

    private static short[] scaled(short[] in, double db) {
        double g = Math.pow(10, db / 20);
        short[] out = new short[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Pcm.clip(in[i] * g);
        }
        return out;
    }

    @Test
    void framesFedOneByOneAreRecognisedAsWellAsWholeUtterances() throws Exception {
        assertThat(engine.capabilities().streaming()).isTrue();
        assertThat(engine.capabilities().partials()).isTrue();
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv");
        List<String> misses = new ArrayList<>();
        try (RecognitionStream s = engine.openStream()) {
            for (Fixture f : fixtures) {
                Transcript t = stream(s, f.samples());
                if (!t.text().equals(expected(f))) {
                    misses.add(f.file() + ": expected [" + expected(f) + "] got [" + t.text() + "]");
                }
            }
        }
        assertThat(misses.size()).as("misses:%n%s", String.join("\n", misses)).isLessThanOrEqualTo(fixtures.size() / 5);
    }

    /** The same check as the whole-utterance path: a line 18 dB down or 6 dB up is heard as well. */
    @Test
    void recognitionDoesNotDependOnTheLineLevel() throws Exception {
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv");
        List<String> misses = new ArrayList<>();
        try (RecognitionStream s = engine.openStream()) {
            for (double db : new double[] {-18, 6}) {
                for (Fixture f : fixtures) {
                    Transcript t = stream(s, scaled(f.samples(), db));
                    if (!t.text().equals(expected(f))) {
                        misses.add(db + " dB " + f.file() + ": expected [" + expected(f) + "] got [" + t.text() + "]");
                    }
                }
            }
        }
        assertThat(misses.size()).as("misses:%n%s", String.join("\n", misses))
                .isLessThanOrEqualTo(2 * fixtures.size() / 5);
    }

    /**
     * The endpointer may wait 1.2 s of silence; the decoder hears no more than a post-roll of it (as the whole
     * path), so phrases followed by a long silence come out as the phrases. Phrases of a few words: a short word
     * on its own ("yes") is at the edge of rejection with or without silence after it.
     */
    @Test
    void aLongSilenceAfterTheWordsIsNotDecoded() throws Exception {
        List<Fixture> phrases = WavFixtures.list("phrases.tsv").stream()
                .filter(f -> f.text().split(" ").length >= 3).toList();
        assertThat(phrases).hasSizeGreaterThanOrEqualTo(4);
        List<String> misses = new ArrayList<>();
        try (RecognitionStream s = engine.openStream()) {
            for (Fixture f : phrases) {
                short[] withSilence = Arrays.copyOf(f.samples(), f.samples().length + 8 * 1500);
                String heard = stream(s, withSilence).text();
                if (!heard.equals(expected(f))) {
                    misses.add(f.file() + ": expected [" + expected(f) + "] got [" + heard + "]");
                }
            }
        }
        assertThat(misses).as("phrases followed by 1.5 s of silence").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void partialHypothesesComeWhileTheCallerSpeaks() throws Exception {
        short[] pcm = WavFixtures.readPcm8k("/asr/digits.wav");
        List<String> partials = new ArrayList<>();
        try (RecognitionStream s = engine.openStream()) {
            // Real-time pace, so the decoder has time to hand back intermediate results.
            for (int i = 0; i < pcm.length; i += 160) {
                s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
                Thread.sleep(20);
                String p = s.partial();
                if (!p.isEmpty() && (partials.isEmpty() || !partials.get(partials.size() - 1).equals(p))) {
                    partials.add(p);
                }
            }
            // Before the end of the utterance the decoder catches up (generous: the machine may be loaded).
            for (int i = 0; i < 500 && !s.partial().startsWith("four zero zero"); i++) {
                Thread.sleep(20);
            }
            if (partials.isEmpty() || !partials.get(partials.size() - 1).equals(s.partial())) {
                partials.add(s.partial());
            }
            Transcript t = s.finish();
            assertThat(t.text()).isEqualTo("four zero zero one two");
            assertThat(t.words().get(0).startMs()).as("timings from the utterance's first sample").isGreaterThanOrEqualTo(200);
            assertThat(s.partial()).as("no utterance open").isEmpty();
        }
        assertThat(partials).as("partials seen: %s", partials).isNotEmpty();
        // Early hypotheses over the onset may be anything ("no" over the first phone); the last one has the digits.
        assertThat(partials.get(partials.size() - 1)).as("partials seen: %s", partials).startsWith("four zero zero");
    }

    /**
     * An utterance's result depends on its own audio only, not on what the pooled decoders heard before (their
     * mean normalisation once carried one call's line into the next: the same phrase came out differently).
     */
    @Test
    void theSameUtteranceDecodesTheSameWhateverCameBefore() throws Exception {
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv");
        short[] probe = fixtures.get(0).samples();
        Transcript first;
        try (RecognitionStream s = engine.openStream()) {
            first = stream(s, probe);
        }
        // Both decoders hear other lines in between: a loud one, a quiet one, other voices.
        try (RecognitionStream a = engine.openStream(); RecognitionStream b = engine.openStream()) {
            for (Fixture f : fixtures.subList(1, 6)) {
                stream(a, scaled(f.samples(), 8));
                stream(b, scaled(f.samples(), -20));
            }
        }
        for (int i = 0; i < 2; i++) {
            try (RecognitionStream s = engine.openStream()) {
                Transcript again = stream(s, probe);
                assertThat(again.text()).isEqualTo(first.text());
                assertThat(again.confidence()).isEqualTo(first.confidence());
            }
        }
    }

    /** Three utterances at once on two decoders: the third queues for a decoder and still gets its result. */
    @Test
    void moreUtterancesThanDecodersQueueForTheirTurn() throws Exception {
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv").subList(0, 3);
        List<RecognitionStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(engine.openStream());
        }
        // Interleave the frames of the three utterances, as three calls would.
        List<short[]> audio = fixtures.stream().map(Fixture::samples).toList();
        int longest = audio.stream().mapToInt(a -> a.length).max().orElse(0);
        for (int i = 0; i < longest; i += 160) {
            for (int k = 0; k < 3; k++) {
                short[] a = audio.get(k);
                if (i < a.length) {
                    streams.get(k).accept(Arrays.copyOfRange(a, i, Math.min(a.length, i + 160)));
                }
            }
        }
        ExecutorService ends = Executors.newFixedThreadPool(3);
        try {
            List<Future<Transcript>> results = new ArrayList<>();
            for (RecognitionStream s : streams) {
                results.add(ends.submit(s::finish));
            }
            for (int k = 0; k < 3; k++) {
                assertThat(results.get(k).get(60, TimeUnit.SECONDS).text()).isEqualTo(expected(fixtures.get(k)));
            }
        } finally {
            ends.shutdownNow();
            streams.forEach(RecognitionStream::close);
        }
    }

    /** An utterance in line for a decoder holds no thread: finishAsync returns at once, the result comes later. */
    @Test
    void theEndOfAQueuedUtteranceDoesNotWaitForADecoder() throws Exception {
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv").subList(0, 3);
        List<RecognitionStream> streams = new ArrayList<>();
        try {
            for (Fixture f : fixtures) {
                RecognitionStream s = engine.openStream();
                streams.add(s);
                short[] a = f.samples();
                for (int i = 0; i < a.length; i += 160) {
                    s.accept(Arrays.copyOfRange(a, i, Math.min(a.length, i + 160)));
                }
            }
            // The first two hold both decoders (their utterances are still open): the third waits in line.
            CompletableFuture<Transcript> third = streams.get(2).finishAsync().toCompletableFuture();
            assertThat(third).as("no decoder for it yet").isNotDone();
            assertThat(streams.get(0).finish().text()).isEqualTo(expected(fixtures.get(0)));
            assertThat(third.get(60, TimeUnit.SECONDS).text()).isEqualTo(expected(fixtures.get(2)));
            assertThat(streams.get(1).finish().text()).isEqualTo(expected(fixtures.get(1)));
        } finally {
            streams.forEach(RecognitionStream::close);
        }
    }

    @Test
    void discardedAndSilentUtterancesGiveNothingAndFreeTheirDecoder() throws Exception {
        short[] yes = WavFixtures.readPcm8k("/asr/yes.wav");
        try (RecognitionStream s = engine.openStream()) {
            for (int i = 0; i < 4; i++) { // more discards than decoders: each must give its decoder back
                for (int k = 0; k < yes.length / 2; k += 160) {
                    s.accept(Arrays.copyOfRange(yes, k, k + 160));
                }
                s.discard();
            }
            assertThat(stream(s, new short[2400])).isEqualTo(Transcript.empty());
            assertThat(s.finish()).as("nothing fed").isEqualTo(Transcript.empty());
            short[] balance = WavFixtures.readPcm8k("/asr/balance.wav");
            CompletableFuture<Transcript> t = CompletableFuture.supplyAsync(() -> {
                try {
                    return stream(s, balance);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(t.get(60, TimeUnit.SECONDS).text()).as("a decoder is free").isEqualTo("what is my balance");
        }
    }

    @Test
    void theOnsetGainBringsSpeechToTheDecodingLevelAndLeavesQuietLinesAlone() {
        short[] tone = new short[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (1000 * Math.sin(i * 0.3)); // about -33 dBFS
        }
        double gainDb = 20 * Math.log10(SphinxIncrementalRecognizer.onsetGain(tone, tone.length));
        assertThat(gainDb).isBetween(16.0, 18.5);
        assertThat(SphinxIncrementalRecognizer.onsetGain(new short[800], 800)).isEqualTo(1.0);
        assertThat(SphinxIncrementalRecognizer.speechSamples(tone, 8000)).isEqualTo(8000);
        assertThat(SphinxIncrementalRecognizer.speechSamples(new short[800], 800)).isZero();
        // Breath noise at about -60 dBFS before a -33 dBFS word is not measured as speech.
        short[] breathThenWord = new short[16000];
        for (int i = 0; i < 8000; i++) {
            breathThenWord[i] = (short) (30 * Math.sin(i * 0.7));
            breathThenWord[8000 + i] = tone[i];
        }
        assertThat(SphinxIncrementalRecognizer.speechSamples(breathThenWord, 16000)).isEqualTo(8000);
        assertThat(20 * Math.log10(SphinxIncrementalRecognizer.onsetGain(breathThenWord, 16000))).isBetween(16.0, 18.5);
    }
}
