package org.voicebot.gateway.asr.vosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.voicebot.gateway.asr.Partial;
import org.voicebot.gateway.asr.RecognitionSession;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WavFixtures;
import org.voicebot.gateway.asr.WavFixtures.Fixture;
import org.voicebot.gateway.asr.WordTiming;

/**
 * The whole Vosk path on the 8 kHz WAV fixtures: model load, a recognizer per call, 20 ms frames through a
 * {@link RecognitionSession}, partials, final transcripts with word timings. Needs a model: set
 * {@code VOSK_MODEL} to an unpacked model folder (e.g. vosk-model-small-en-us-0.15); without it JUnit
 * reports these tests as skipped with that reason. The default test run has no model.
 */
@EnabledIfEnvironmentVariable(named = "VOSK_MODEL", matches = ".+",
        disabledReason = "no Vosk model: set VOSK_MODEL to an unpacked model folder to run the Vosk end-to-end tests")
class VoskEndToEndTest {

    private static VoskRecognizer free;
    private static ExecutorService pool;

    @BeforeAll
    static void load() throws Exception {
        free = VoskRecognizer.load(Path.of(System.getenv("VOSK_MODEL")), List.of());
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void close() {
        if (free != null) {
            free.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").replaceAll("\\s+", " ").trim();
    }

    private static Transcript feed(RecognitionSession s, short[] pcm) throws Exception {
        for (int i = 0; i < pcm.length; i += 160) {
            s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
        }
        return s.finish().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void mostFixturesAreRecognisedWithTimingsAndPartialsInOneCallsSession() throws Exception {
        List<Partial> partials = new CopyOnWriteArrayList<>();
        RecognitionSession session = new RecognitionSession(free, pool, Runnable::run, partials::add, "e2e");
        List<String> misses = new ArrayList<>();
        List<Fixture> fixtures = WavFixtures.list("phrases.tsv");
        for (Fixture f : fixtures) {
            short[] pcm = f.samples();
            Transcript t = feed(session, pcm);
            if (!norm(t.text()).equals(norm(f.text()))) {
                misses.add(f.file() + ": heard '" + t.text() + "'");
            }
            assertThat(t.confidence()).isBetween(0.0, 1.0);
            long durationMs = pcm.length / 8;
            long previousEnd = 0;
            for (WordTiming w : t.words()) { // relative to this utterance, even though the recognizer is reused
                assertThat(w.startMs()).isGreaterThanOrEqualTo(previousEnd - 50);
                assertThat(w.endMs()).isLessThanOrEqualTo(durationMs + 100);
                previousEnd = w.endMs();
            }
        }
        session.close();
        System.out.println("Vosk end-to-end: " + (fixtures.size() - misses.size()) + "/" + fixtures.size()
                + " exact; misses " + misses);
        assertThat(fixtures.size() - misses.size()).as("exact transcripts, misses: %s", misses)
                .isGreaterThanOrEqualTo(fixtures.size() * 6 / 10);
        assertThat(partials).as("partials while the longer phrases were spoken").isNotEmpty();
    }

    @Test
    void aGrammarOfTheDialogsPhrasesKeepsOutOfGrammarWordsOut() throws Exception {
        VoskRecognizer constrained = VoskRecognizer.load(Path.of(System.getenv("VOSK_MODEL")),
                List.of("I want to pay my bill", "agent", "what is my balance", "yes", "no"));
        try {
            RecognitionSession s = new RecognitionSession(constrained, pool, Runnable::run, p -> { }, "grammar");
            Transcript t = feed(s, WavFixtures.readPcm8k("/asr/pay-bill.wav"));
            if (constrained.folder().runtimeGraph()) {
                assertThat(List.of("i", "want", "to", "pay", "my", "bill", "agent", "what", "is", "balance", "yes",
                        "no", "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))
                        .containsAll(t.words().stream().map(WordTiming::word).toList());
            }
            assertThat(norm(t.text())).contains("bill");
            s.close();
        } finally {
            constrained.close();
        }
    }
}
