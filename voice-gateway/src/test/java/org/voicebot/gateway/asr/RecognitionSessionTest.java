package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecognitionSessionTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "call-context"));

    @AfterEach
    void stop() {
        pool.shutdownNow();
        callbacks.shutdownNow();
    }

    /** Records what reaches the engine; "hears" the sum of the first sample of every frame as words. */
    static final class FakeEngine implements StreamingRecognizer {
        final List<short[]> fed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        volatile boolean overlapped;
        volatile boolean partials = true;
        volatile int failOnSample = Integer.MIN_VALUE;
        volatile boolean slow;

        @Override
        public String engineName() {
            return "fake";
        }

        @Override
        public RecognizerCapabilities capabilities() {
            return new RecognizerCapabilities(partials, true, true);
        }

        @Override
        public RecognitionStream openStream() {
            opened.incrementAndGet();
            return new RecognitionStream() {
                final List<Short> heard = new ArrayList<>();

                @Override
                public void accept(short[] pcm) throws RecognitionException {
                    enter();
                    try {
                        fed.add(pcm);
                        for (int i = 0; i < pcm.length; i += 160) {
                            if (pcm[i] == failOnSample) {
                                throw new RecognitionException("engine exploded", false);
                            }
                            heard.add(pcm[i]);
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                }

                @Override
                public String partial() {
                    return "p" + heard.size();
                }

                @Override
                public Transcript finish() {
                    enter();
                    running.decrementAndGet();
                    String text = heard.isEmpty() ? "" : "frames " + heard.size() + " first " + heard.get(0);
                    heard.clear();
                    return text.isEmpty() ? Transcript.empty() : new Transcript(text, 0.9, List.of());
                }

                @Override
                public void discard() {
                    heard.clear();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        private void enter() {
            if (running.incrementAndGet() > 1) {
                overlapped = true;
            }
            if (slow) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() {
        }
    }

    private static short[] frame(int marker) {
        short[] f = new short[160];
        f[0] = (short) marker;
        return f;
    }

    private static Transcript await(Future<Transcript> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void framesReachTheEngineInOrderOneTaskAtATimeAndFinishGivesTheTranscript() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.slow = true;
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "c1");
        for (int i = 1; i <= 100; i++) {
            s.accept(frame(i));
        }
        Transcript t = await(s.finish());
        assertThat(t.text()).isEqualTo("frames 100 first 1");
        List<Integer> markers = new ArrayList<>();
        synchronized (engine.fed) {
            for (short[] block : engine.fed) {
                for (int i = 0; i < block.length; i += 160) {
                    markers.add((int) block[i]);
                }
            }
        }
        assertThat(markers).hasSize(100).isSorted();
        assertThat(engine.overlapped).isFalse();
        assertThat(engine.opened).hasValue(1);
    }

    @Test
    void theSecondUtteranceReusesTheCallsStreamAndResultsComeInOrder() throws Exception {
        FakeEngine engine = new FakeEngine();
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "c1");
        s.accept(frame(7));
        Future<Transcript> first = s.finish();
        s.accept(frame(8));
        s.accept(frame(9));
        Future<Transcript> second = s.finish();
        assertThat(await(first).text()).isEqualTo("frames 1 first 7");
        assertThat(await(second).text()).isEqualTo("frames 2 first 8");
        assertThat(engine.opened).hasValue(1);
    }

    @Test
    void nothingFedMeansNoEngineStateAndAnEmptyTranscript() throws Exception {
        FakeEngine engine = new FakeEngine();
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "idle");
        assertThat(await(s.finish())).isEqualTo(Transcript.empty());
        s.close();
        assertThat(engine.opened).hasValue(0);
    }

    @Test
    void partialsAreThrottledToOneEvery200msOfAudioAndDeliveredOnTheCallbackExecutor() throws Exception {
        FakeEngine engine = new FakeEngine();
        List<String> partials = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        RecognitionSession s = new RecognitionSession(engine, Runnable::run, callbacks, p -> {
            partials.add(p.text());
            threads.add(Thread.currentThread().getName());
        }, "c1");
        for (int i = 1; i <= 50; i++) { // one second in 20 ms frames, fed one at a time (synchronous worker)
            s.accept(frame(i));
        }
        await(s.finish());
        assertThat(partials).containsExactly("p10", "p20", "p30", "p40", "p50");
        assertThat(threads).containsOnly("call-context");
    }

    @Test
    void anEngineWithoutPartialsIsNeverAskedForThem() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.partials = false;
        List<Partial> partials = new CopyOnWriteArrayList<>();
        RecognitionSession s = new RecognitionSession(engine, Runnable::run, callbacks, partials::add, "c1");
        for (int i = 1; i <= 50; i++) {
            s.accept(frame(i));
        }
        assertThat(await(s.finish()).text()).isEqualTo("frames 50 first 1");
        assertThat(partials).isEmpty();
    }

    @Test
    void anEngineErrorFailsThatUtteranceOnlyAndTheNextOneGetsAFreshStream() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.failOnSample = 3;
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "c1");
        for (int i = 1; i <= 5; i++) {
            s.accept(frame(i));
        }
        Future<Transcript> broken = s.finish();
        s.accept(frame(11));
        Future<Transcript> next = s.finish();
        try {
            await(broken);
            org.junit.jupiter.api.Assertions.fail("expected the utterance to fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RecognitionException.class).hasMessageContaining("engine exploded");
            assertThat(((RecognitionException) e.getCause()).retryable()).isFalse();
        }
        assertThat(await(next).text()).isEqualTo("frames 1 first 11");
        assertThat(engine.opened).hasValue(2);
        assertThat(engine.closed).hasValue(1);
    }

    @Test
    void discardDropsTheUtteranceWithoutAResult() throws Exception {
        FakeEngine engine = new FakeEngine();
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "c1");
        s.accept(frame(1));
        s.discard();
        s.accept(frame(2));
        assertThat(await(s.finish()).text()).isEqualTo("frames 1 first 2");
    }

    @Test
    void closeFreesTheStreamAfterQueuedWorkAndLaterCallsFailQuietly() throws Exception {
        FakeEngine engine = new FakeEngine();
        RecognitionSession s = new RecognitionSession(engine, pool, callbacks, p -> { }, "c1");
        s.accept(frame(1));
        Future<Transcript> pending = s.finish();
        s.close();
        assertThat(await(pending).text()).isEqualTo("frames 1 first 1");
        s.accept(frame(2)); // ignored
        Future<Transcript> late = s.finish();
        late.toCompletionStage().toCompletableFuture().handle((t, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(late.failed()).isTrue();
        assertThat(late.cause()).hasMessageContaining("closed");
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.closed).hasValue(1);
    }

    @Test
    void aRejectingWorkerFailsTheUtteranceInsteadOfThrowingAtTheCall() throws Exception {
        FakeEngine engine = new FakeEngine();
        RecognitionSession s = new RecognitionSession(engine, r -> {
            throw new java.util.concurrent.RejectedExecutionException("pool closed");
        }, callbacks, p -> { }, "c1");
        Future<Transcript> f = s.finish();
        f.toCompletionStage().toCompletableFuture().handle((t, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(f.failed()).isTrue();
        assertThat(f.cause()).isInstanceOf(RecognitionException.class).hasMessageContaining("worker pool");
    }
}
