package org.voicebot.gateway.asr.moonshine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over an autoregressive decoder: at every step the {@code width} likeliest partial transcripts are
 * kept and extended, and the likeliest finished one wins (width 1 is greedy decoding). Greedy decoding commits to
 * each token for good and loses a transcript whose first word was slightly less likely ("shelf" beat "help" by a
 * hair, then "help" would have been the likelier utterance); the beam keeps such readings alive a few tokens longer.
 *
 * <p>The decoder is a port ({@link Decoder}) so that the search can be tested without a model. Its states (the
 * key/value caches) are released as soon as no hypothesis needs them: a state is read once, by the steps that
 * extend it.
 *
 * @param <S> the decoder's state after a hypothesis' tokens (for ONNX Runtime, the run's outputs)
 */
final class BeamSearch<S> {

    /** One decoder step. */
    interface Decoder<S> {
        /**
         * Feeds {@code token} after the tokens that led to {@code state} ({@code null}: the first step, no tokens
         * yet) and returns the logits for the next token with the new state.
         */
        Step<S> step(S state, int token) throws Exception;

        /** The state is no longer needed by the search. */
        void release(S state);
    }

    /** What a step returns: logits over the vocabulary for the next token, and the state after the fed token. */
    record Step<S>(float[] logits, S state) {
    }

    /**
     * The transcript found.
     *
     * @param ids     the tokens, without the end token
     * @param logProb natural-log probability of the tokens and the end token (the end token is missing when the
     *                length bound stopped the search)
     */
    record Result(List<Integer> ids, double logProb) {
        /** Mean log-probability per token, the end token counted. */
        double meanLogProb() {
            return logProb / (ids.size() + 1);
        }
    }

    private record Hypothesis<S>(List<Integer> ids, double logProb, float[] logits, S state) {
    }

    private record Candidate<S>(Hypothesis<S> parent, int token, double logProb) {
    }

    private BeamSearch() {
    }

    /**
     * @param start     the token the decoder starts from
     * @param end       the end-of-transcript token; never chosen as the first token (the caller knows there is speech)
     * @param width     hypotheses kept per step, at least 1
     * @param maxTokens the most tokens a transcript may have
     */
    static <S> Result search(Decoder<S> decoder, int start, int end, int width, int maxTokens) throws Exception {
        if (width < 1) {
            throw new IllegalArgumentException("beam width " + width);
        }
        List<Hypothesis<S>> live = new ArrayList<>();
        List<Result> finished = new ArrayList<>();
        Step<S> first = decoder.step(null, start);
        live.add(new Hypothesis<>(List.of(), 0, first.logits(), first.state()));
        try {
            for (int position = 0; position < maxTokens && !live.isEmpty(); position++) {
                List<Candidate<S>> candidates = new ArrayList<>();
                for (Hypothesis<S> h : live) {
                    double logZ = logSumExp(h.logits());
                    for (int token : topK(h.logits(), width, position == 0 ? end : -1)) {
                        candidates.add(new Candidate<>(h, token, h.logProb() + h.logits()[token] - logZ));
                    }
                }
                candidates.sort(Comparator.comparingDouble((Candidate<S> c) -> c.logProb()).reversed());
                List<Hypothesis<S>> next = new ArrayList<>();
                try {
                    for (Candidate<S> c : candidates) {
                        if (next.size() == width) {
                            break;
                        }
                        List<Integer> ids = c.parent().ids();
                        if (c.token() == end) {
                            finished.add(new Result(ids, c.logProb()));
                            continue;
                        }
                        List<Integer> longer = new ArrayList<>(ids);
                        longer.add(c.token());
                        if (longer.size() == maxTokens) { // the bound ends it, as greedy decoding would stop
                            finished.add(new Result(List.copyOf(longer), c.logProb()));
                            continue;
                        }
                        Step<S> s = decoder.step(c.parent().state(), c.token());
                        next.add(new Hypothesis<>(List.copyOf(longer), c.logProb(), s.logits(), s.state()));
                    }
                } catch (Exception | Error e) {
                    releaseAll(decoder, next);
                    throw e;
                }
                releaseAll(decoder, live);
                live = next;
                // log-probabilities only fall as tokens are added: a hypothesis already less likely than a
                // finished transcript cannot overtake it
                double best = finished.stream().mapToDouble(Result::logProb).max().orElse(Double.NEGATIVE_INFINITY);
                live.removeIf(h -> {
                    boolean hopeless = h.logProb() <= best;
                    if (hopeless) {
                        decoder.release(h.state());
                    }
                    return hopeless;
                });
            }
        } finally {
            releaseAll(decoder, live);
        }
        return finished.stream().max(Comparator.comparingDouble(Result::logProb)).orElse(new Result(List.of(), 0));
    }

    private static <S> void releaseAll(Decoder<S> decoder, List<Hypothesis<S>> hypotheses) {
        for (Hypothesis<S> h : hypotheses) {
            decoder.release(h.state());
        }
    }

    static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** Indices of the k largest logits, largest first (fewer if the vocabulary is smaller), never {@code excluded}. */
    static int[] topK(float[] logits, int k, int excluded) {
        int[] top = new int[k];
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (i == excluded || (n == k && logits[i] <= logits[top[k - 1]])) {
                continue;
            }
            int j = Math.min(n, k - 1);
            while (j > 0 && logits[top[j - 1]] < logits[i]) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = i;
            n = Math.min(n + 1, k);
        }
        return n == k ? top : java.util.Arrays.copyOf(top, n);
    }
}
