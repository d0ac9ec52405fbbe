package org.voicebot.gateway.asr;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition for one call: the caller's utterances, one after another, fed frame by frame.
 *
 * <p>One session per call, not per utterance: the engine keeps its per-call state (a Vosk
 * {@code Recognizer}) from one utterance to the next, and the call's work is naturally ordered in one
 * lane. The engine stream is opened lazily on the first frame, so a call whose caller never speaks costs
 * no engine state, and the gateway feeds frames only around speech, so idle lines cost no CPU.
 *
 * <p>Threading: {@link #accept(short[])}, {@link #finish()}, {@link #discard()} and {@link #close()} never
 * block; they queue work that runs on {@code worker} (the {@code voicebot-asr} pool), one task at a time
 * per session and in call order, so several calls decode in parallel while one call's frames stay in
 * order. Partials and the results of {@link #finish()} are delivered through {@code callbacks} (the
 * call's own context).
 *
 * <p>An engine that decodes on its own threads ({@link RecognitionStream#finishAsync()}) completes {@link
 * #finish()} from there; the worker does not wait for it.
 *
 * <p>Failures: an engine error fails the {@link #finish()} of the utterance it happened in (a
 * {@link RecognitionException}); the broken stream is closed and the next utterance opens a new one. The
 * session never throws at its caller.
 */
public final class RecognitionSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecognitionSession.class);
    /** Partials are asked of the engine at most once per this much audio (they cost a lattice search). */
    public static final int PARTIAL_EVERY_MS = 200;
    private static final int SAMPLES_PER_MS = 8;

    private sealed interface Op {
        record Frame(short[] samples) implements Op {}

        record Finish(Promise<Transcript> result) implements Op {}

        record Discard() implements Op {}

        record Close() implements Op {}
    }

    private final StreamingRecognizer engine;
    private final Executor worker;
    private final Executor callbacks;
    private final Consumer<Partial> onPartial;
    private final String name;

    private final Object lock = new Object();
    private final ArrayDeque<Op> ops = new ArrayDeque<>();
    private boolean scheduled;
    private boolean closed;

    // Touched only by the one task running at a time on the worker.
    private RecognitionStream stream;
    private RecognitionException failure;
    private int samplesSincePartial;
    private String lastPartial = "";
    private volatile Listening listening = Listening.ANYTHING;

    /**
     * @param engine    the shared engine
     * @param worker    runs engine work (blocking); the session never runs two of its tasks at once
     * @param callbacks delivers partials and completes {@link #finish()} futures (e.g. the call's context)
     * @param onPartial receives each new partial transcript of the open utterance (not called when the
     *                  engine has none)
     * @param name      for logs (the call id)
     */
    public RecognitionSession(StreamingRecognizer engine, Executor worker, Executor callbacks,
            Consumer<Partial> onPartial, String name) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.onPartial = Objects.requireNonNull(onPartial, "onPartial");
        this.name = name;
    }

    public RecognizerCapabilities capabilities() {
        return engine.capabilities();
    }

    /** One frame (normally 20 ms) of 8 kHz caller audio of the open utterance; frames must come in order. */
    public void accept(short[] frame8k) {
        Objects.requireNonNull(frame8k, "frame8k");
        submit(new Op.Frame(frame8k));
    }

    /** Ends the open utterance; the future completes (through {@code callbacks}) with its transcript. */
    public Future<Transcript> finish() {
        Promise<Transcript> p = Promise.promise();
        if (!submit(new Op.Finish(p))) {
            callbacks.execute(() -> p.fail(new RecognitionException("recognition session is closed", false)));
        }
        return p.future();
    }

    /**
     * What the caller is expected to say at the current prompt; the engine stream gets it with the next audio
     * (a grammar engine picks its grammar from it).
     */
    public void listenFor(Listening listening) {
        this.listening = Objects.requireNonNull(listening, "listening");
    }

    /** Ends the open utterance without decoding it to a result (the endpointer dropped it as noise). */
    public void discard() {
        submit(new Op.Discard());
    }

    /** Frees the engine stream once the queued work is done; later calls are ignored or fail. Idempotent. */
    @Override
    public void close() {
        submit(new Op.Close());
        synchronized (lock) {
            closed = true;
        }
    }

    private boolean submit(Op op) {
        boolean start;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            ops.add(op);
            start = !scheduled;
            scheduled = true;
        }
        if (start) {
            try {
                worker.execute(this::drain);
            } catch (RuntimeException e) { // the pool is shut down: fail what is queued, never throw at the call
                LOG.warn("recognition {}: cannot schedule work: {}", name, e.toString());
                List<Op> dropped;
                synchronized (lock) {
                    dropped = new ArrayList<>(ops);
                    ops.clear();
                    scheduled = false;
                }
                RecognitionException ex = new RecognitionException("the recognition worker pool is closed", e, false);
                for (Op d : dropped) {
                    if (d instanceof Op.Finish f) {
                        callbacks.execute(() -> f.result().fail(ex));
                    }
                }
            }
        }
        return true;
    }

    /** Runs on the worker: everything queued so far, consecutive frames fed as one block. */
    private void drain() {
        while (true) {
            List<Op> batch;
            synchronized (lock) {
                if (ops.isEmpty()) {
                    scheduled = false;
                    return;
                }
                batch = new ArrayList<>(ops);
                ops.clear();
            }
            List<short[]> frames = new ArrayList<>();
            for (Op op : batch) {
                if (op instanceof Op.Frame f) {
                    frames.add(f.samples());
                    continue;
                }
                feed(frames);
                frames.clear();
                if (op instanceof Op.Finish f) {
                    finishUtterance(f.result());
                } else if (op instanceof Op.Discard) {
                    discardUtterance();
                } else if (op instanceof Op.Close) {
                    closeStream();
                }
            }
            feed(frames);
        }
    }

    private void feed(List<short[]> frames) {
        if (frames.isEmpty() || failure != null) {
            return; // after an error the rest of the utterance is dropped; finish() reports the error
        }
        short[] block = concat(frames);
        try {
            if (stream == null) {
                stream = engine.openStream();
            }
            stream.listenFor(listening);
            stream.accept(block);
            samplesSincePartial += block.length;
            if (engine.capabilities().partials() && samplesSincePartial >= PARTIAL_EVERY_MS * SAMPLES_PER_MS) {
                samplesSincePartial = 0;
                String text = stream.partial();
                if (!text.isEmpty() && !text.equals(lastPartial)) {
                    lastPartial = text;
                    Partial p = new Partial(text);
                    callbacks.execute(() -> onPartial.accept(p));
                }
            }
        } catch (RecognitionException e) {
            broken(e);
        } catch (RuntimeException e) {
            broken(new RecognitionException(engine.engineName() + " failed: " + e, e, false));
        }
    }

    private void finishUtterance(Promise<Transcript> result) {
        RecognitionException error = failure;
        CompletionStage<Transcript> pending = CompletableFuture.completedFuture(Transcript.empty());
        if (error == null && stream != null) {
            try {
                // Never waits here for an engine that decodes on its own threads: the worker is free for
                // other calls' frames while this utterance's tail is decoded.
                pending = stream.finishAsync();
            } catch (RecognitionException e) {
                broken(e);
                error = e;
            } catch (RuntimeException e) {
                error = new RecognitionException(engine.engineName() + " failed: " + e, e, false);
                broken(error);
            }
        }
        resetUtterance();
        if (error != null) {
            RecognitionException err = error;
            callbacks.execute(() -> result.fail(err));
            return;
        }
        pending.whenComplete((t, e) -> callbacks.execute(() -> {
            if (e == null) {
                result.complete(t);
                return;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("recognition {}: {} failed: {}", name, engine.engineName(), cause.getMessage());
            result.fail(cause instanceof RecognitionException re ? re
                    : new RecognitionException(engine.engineName() + " failed: " + cause, cause, false));
        }));
    }

    private void discardUtterance() {
        if (failure == null && stream != null) {
            try {
                stream.discard();
            } catch (RecognitionException | RuntimeException e) {
                LOG.warn("recognition {}: discarding an utterance failed: {}", name, e.toString());
                closeStream();
            }
        }
        resetUtterance();
    }

    private void resetUtterance() {
        failure = null;
        samplesSincePartial = 0;
        lastPartial = "";
    }

    /** The stream cannot be trusted after an engine error: drop it; the next utterance opens a new one. */
    private void broken(RecognitionException e) {
        LOG.warn("recognition {}: {} failed: {}", name, engine.engineName(), e.getMessage());
        failure = e;
        closeStream();
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                LOG.debug("recognition {}: closing the stream failed", name, e);
            }
            stream = null;
        }
    }

    private static short[] concat(List<short[]> frames) {
        if (frames.size() == 1) {
            return frames.get(0);
        }
        int n = 0;
        for (short[] f : frames) {
            n += f.length;
        }
        short[] out = new short[n];
        int o = 0;
        for (short[] f : frames) {
            System.arraycopy(f, 0, out, o, f.length);
            o += f.length;
        }
        return out;
    }
}
