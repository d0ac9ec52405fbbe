package org.voicebot.gateway.asr.moonshine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    static final int START = 1;
    static final int END = 2;
    static final int A = 3;
    static final int B = 4;
    static final int C = 5;
    static final int VOCABULARY = 16;

    /**
     * A decoder whose next-token probabilities depend on the tokens so far; states are the prefixes, and every
     * state handed out is counted until released.
     */
    static final class FakeDecoder implements BeamSearch.Decoder<List<Integer>> {
        final Function<List<Integer>, Map<Integer, Double>> model;
        final Map<List<Integer>, Integer> unreleased = new HashMap<>();
        int steps;
        int failAtStep = -1;

        FakeDecoder(Function<List<Integer>, Map<Integer, Double>> model) {
            this.model = model;
        }

        @Override
        public BeamSearch.Step<List<Integer>> step(List<Integer> state, int token) {
            if (steps++ == failAtStep) {
                throw new IllegalStateException("decoder failed");
            }
            List<Integer> prefix = new ArrayList<>(state == null ? List.of() : state);
            prefix.add(token);
            List<Integer> key = List.copyOf(prefix);
            unreleased.merge(key, 1, Integer::sum);
            return new BeamSearch.Step<>(logits(model.apply(key.subList(1, key.size()))), key);
        }

        @Override
        public void release(List<Integer> state) {
            assertThat(unreleased.get(state)).as("released once: " + state).isNotNull();
            unreleased.compute(state, (k, n) -> n == 1 ? null : n - 1);
        }

        /** Probabilities for the listed tokens, the rest of the mass spread over the others. */
        private static float[] logits(Map<Integer, Double> p) {
            double listed = p.values().stream().mapToDouble(Double::doubleValue).sum();
            double rest = Math.max(1e-9, (1 - listed) / (VOCABULARY - p.size()));
            float[] out = new float[VOCABULARY];
            for (int i = 0; i < VOCABULARY; i++) {
                out[i] = (float) Math.log(p.getOrDefault(i, rest));
            }
            return out;
        }
    }

    /**
     * "A" is slightly likelier as the first token, but nothing sure follows it; "B" is followed by "C" and the end
     * with near certainty: the whole of "B C" is far likelier than any transcript starting with "A".
     */
    static Map<Integer, Double> gardenPath(List<Integer> tokens) {
        if (tokens.isEmpty()) {
            return Map.of(A, 0.5, B, 0.45);
        }
        if (tokens.equals(List.of(A))) {
            return Map.of(END, 0.2, C, 0.2);
        }
        if (tokens.equals(List.of(B))) {
            return Map.of(C, 0.95);
        }
        return Map.of(END, 0.95);
    }

    @Test
    void widthOneIsGreedy() throws Exception {
        FakeDecoder d = new FakeDecoder(BeamSearchTest::gardenPath);
        BeamSearch.Result r = BeamSearch.search(d, START, END, 1, 10);
        // greedy takes A, then (END and C tied at 0.2) the lower id, END
        assertThat(r.ids()).containsExactly(A);
        assertThat(r.logProb()).isCloseTo(Math.log(0.5 * 0.2), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(d.unreleased).isEmpty();
    }

    @Test
    void aWiderBeamFindsTheLikelierTranscriptGreedyDecodingLoses() throws Exception {
        FakeDecoder d = new FakeDecoder(BeamSearchTest::gardenPath);
        BeamSearch.Result r = BeamSearch.search(d, START, END, 2, 10);
        assertThat(r.ids()).containsExactly(B, C);
        assertThat(r.logProb()).isCloseTo(Math.log(0.45 * 0.95 * 0.95), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(r.meanLogProb()).isCloseTo(r.logProb() / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.unreleased).isEmpty();
    }

    @Test
    void theTranscriptNeverEndsBeforeItsFirstToken() throws Exception {
        FakeDecoder d = new FakeDecoder(t -> t.isEmpty() ? Map.of(END, 0.9, A, 0.05) : Map.of(END, 0.9));
        assertThat(BeamSearch.search(d, START, END, 1, 10).ids()).containsExactly(A);
        assertThat(BeamSearch.search(d, START, END, 3, 10).ids()).containsExactly(A);
    }

    @Test
    void theLengthBoundEndsATranscriptThatNeverEnds() throws Exception {
        FakeDecoder d = new FakeDecoder(t -> Map.of(A, 0.9));
        BeamSearch.Result r = BeamSearch.search(d, START, END, 3, 5);
        assertThat(r.ids()).containsExactly(A, A, A, A, A);
        assertThat(d.unreleased).isEmpty();
    }

    /** A model drawn at random (seeded): the next-token probabilities of END, A, B and C after any prefix. */
    static Function<List<Integer>, Map<Integer, Double>> randomModel(long seed) {
        Map<List<Integer>, Map<Integer, Double>> table = new HashMap<>();
        Random random = new Random(seed);
        return t -> table.computeIfAbsent(t, k -> {
            Map<Integer, Double> p = new HashMap<>();
            double left = 1;
            for (int tok : new int[] {END, A, B, C}) {
                double share = left * random.nextDouble();
                p.put(tok, share);
                left -= share;
            }
            return p;
        });
    }

    @Test
    void onRandomModelsEveryStateIsReleasedWhateverTheWidth() throws Exception {
        for (int seed = 0; seed < 200; seed++) {
            Function<List<Integer>, Map<Integer, Double>> model = randomModel(seed);
            for (int width = 1; width <= 5; width++) {
                FakeDecoder d = new FakeDecoder(model);
                BeamSearch.Result r = BeamSearch.search(d, START, END, width, 6);
                assertThat(r.ids()).as("seed %d width %d", seed, width).isNotEmpty().doesNotContain(END);
                assertThat(d.unreleased).as("seed %d width %d", seed, width).isEmpty();
            }
        }
    }

    /** A beam as wide as every prefix is exhaustive search: it must find the likeliest transcript there is. */
    @Test
    void aBeamWideEnoughToKeepEveryPrefixFindsTheLikeliestTranscript() throws Exception {
        int maxTokens = 3;
        for (int seed = 0; seed < 20; seed++) {
            Function<List<Integer>, Map<Integer, Double>> model = randomModel(seed);
            FakeDecoder d = new FakeDecoder(model);
            BeamSearch.Result r = BeamSearch.search(d, START, END, VOCABULARY * VOCABULARY * VOCABULARY, maxTokens);
            double best = bruteForce(new FakeDecoder(model), List.of(), 0, maxTokens);
            assertThat(r.logProb()).as("seed %d", seed).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /** The best log-probability of any transcript extending {@code tokens} (scored as the search scores them). */
    private static double bruteForce(FakeDecoder d, List<Integer> tokens, double logProb, int maxTokens) {
        if (tokens.size() == maxTokens) {
            return logProb; // the bound ends it, without the end token
        }
        List<Integer> fed = new ArrayList<>(List.of(START));
        fed.addAll(tokens);
        float[] logits = d.step(fed.subList(0, fed.size() - 1).isEmpty() ? null
                : List.copyOf(fed.subList(0, fed.size() - 1)), fed.get(fed.size() - 1)).logits();
        double logZ = BeamSearch.logSumExp(logits);
        double best = Double.NEGATIVE_INFINITY;
        for (int token = 0; token < VOCABULARY; token++) {
            double lp = logProb + logits[token] - logZ;
            if (token == END) {
                if (!tokens.isEmpty()) {
                    best = Math.max(best, lp);
                }
                continue;
            }
            List<Integer> longer = new ArrayList<>(tokens);
            longer.add(token);
            best = Math.max(best, bruteForce(d, longer, lp, maxTokens));
        }
        return best;
    }

    @Test
    void aDecoderFailureReleasesTheStatesHeldAndPropagates() {
        for (int failAt = 1; failAt < 6; failAt++) {
            FakeDecoder d = new FakeDecoder(BeamSearchTest::gardenPath);
            d.failAtStep = failAt;
            assertThatThrownBy(() -> BeamSearch.search(d, START, END, 3, 10)).hasMessage("decoder failed");
            assertThat(d.unreleased).as("fail at step " + failAt).isEmpty();
        }
    }

    @Test
    void topKIsTheLargestFirstAndSkipsTheExcludedToken() {
        float[] logits = {1, 5, 3, 4, 5.5f};
        assertThat(BeamSearch.topK(logits, 2, -1)).containsExactly(4, 1);
        assertThat(BeamSearch.topK(logits, 3, 4)).containsExactly(1, 3, 2);
        assertThat(BeamSearch.topK(logits, 9, -1)).containsExactly(4, 1, 3, 2, 0);
        assertThatThrownBy(() -> BeamSearch.search(new FakeDecoder(t -> Map.of()), START, END, 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
