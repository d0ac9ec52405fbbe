package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallSession;
import org.voicebot.gateway.call.CallSettings;
import org.voicebot.gateway.call.SummaryStore;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.Voice;

/** A call with a streaming engine: what reaches the engine, and the partial and final transcript events. */
class CallRecognitionTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Streams with partials "heard N frames", and "agent" as the final transcript. */
    static final class StreamingFake implements StreamingRecognizer {
        final AtomicInteger samples = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public String engineName() {
            return "fake-streaming";
        }

        @Override
        public RecognizerCapabilities capabilities() {
            return new RecognizerCapabilities(true, true, true);
        }

        @Override
        public RecognitionStream openStream() {
            opened.incrementAndGet();
            return new RecognitionStream() {
                int n;

                @Override
                public void accept(short[] pcm) {
                    n += pcm.length;
                    samples.addAndGet(pcm.length);
                }

                @Override
                public String partial() {
                    return "card 4111 1111 1111 1111 after " + (n / 160) + " frames";
                }

                @Override
                public Transcript finish() {
                    n = 0;
                    return new Transcript("agent", 0.9, List.of(new WordTiming("agent", 300, 800)));
                }

                @Override
                public void discard() {
                    n = 0;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static final SpeechSynthesizer SILENT_TTS = new SpeechSynthesizer() {
        @Override
        public short[] synthesize(String text, Voice voice) {
            return new short[800];
        }

        @Override
        public void close() {
        }
    };

    private static byte[] slin(short[] frame) {
        ByteBuffer b = ByteBuffer.allocate(frame.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : frame) {
            b.putShort(s);
        }
        return b.array();
    }

    @Test
    void speechIsStreamedWithPreRollAndPartialsGoOutRedactedAtMostEvery200ms() throws Exception {
        StreamingFake engine = new StreamingFake();
        CallEventLog events = new CallEventLog();
        SpeechServices speech = new SpeechServices(vertx, SILENT_TTS, engine, 2, 2);
        DialogEngine dialog = new DialogEngine(DialogDefinition.builtIn("utility-support"), FrustrationConfig.defaults(), org.voicebot.gateway.nlu.TestEmbeddings.shared());
        CallSettings settings = new CallSettings(60_000, true, 600_000,
                new Endpointer.Settings(-35, 60, 400, 15000, 300, 200, 120), "http://127.0.0.1:1");
        BackendClient backend = new BackendClient(vertx, new BackendClient.Settings("", 1000));
        CallSession.Services svc = new CallSession.Services(vertx, events, speech, dialog, new SummaryStore(10),
                settings, backend);
        CallControl control = new CallControl() {
            @Override
            public Future<Void> transfer(Map<String, String> variables) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> hangup(Map<String, String> variables) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> release() {
                return Future.succeededFuture();
            }
        };
        MediaEndpoint media = new MediaEndpoint() {
            @Override
            public void sendAudio(byte[] slin) {
            }

            @Override
            public void hangup() {
            }

            @Override
            public void close() {
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
        CallSession call = new CallSession(svc, "call-1", "5550100", control);
        call.start();
        call.onMediaConnected(media);
        waitFor(events, e -> e.type() == EventType.BOT_UTTERANCE_FINISHED);
        Thread.sleep(300); // the greeting's last sentence is done

        // One second of a quiet line, then 1.2 s of loud speech-like tone, frame by frame in real time.
        short[] quiet = new short[160];
        short[] loud = new short[160];
        for (int i = 0; i < 160; i++) {
            loud[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
        }
        List<short[]> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(quiet);
        }
        for (int i = 0; i < 60; i++) {
            frames.add(loud);
        }
        CountDownLatch quietSent = new CountDownLatch(50);
        CountDownLatch allSent = new CountDownLatch(frames.size());
        AtomicInteger next = new AtomicInteger();
        vertx.setPeriodic(20, id -> {
            int i = next.getAndIncrement();
            if (i >= frames.size()) {
                vertx.cancelTimer(id);
                return;
            }
            call.onAudio(slin(frames.get(i)));
            allSent.countDown();
            if (i < 50) {
                quietSent.countDown();
            }
        });
        assertThat(quietSent.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.opened).as("an idle line opens no engine state").hasValue(0);
        assertThat(allSent.await(10, TimeUnit.SECONDS)).isTrue();

        CallEvent fin = waitFor(events, e -> e.type() == EventType.TRANSCRIPT && Boolean.TRUE.equals(e.data().get("final")));
        assertThat(fin.text("text")).isEqualTo("agent");
        // 60 speech frames plus the pre-roll (300 ms = 15 frames, which include the first loud ones) and the
        // trailing silence until the endpointer ends the utterance; never the whole quiet second.
        assertThat(engine.samples.get() / 160).isBetween(60 + 10, 60 + 15 + 30);
        assertThat(engine.opened).hasValue(1);

        List<CallEvent> partials = events.events("call-1").stream()
                .filter(e -> e.type() == EventType.TRANSCRIPT && Boolean.FALSE.equals(e.data().get("final"))).toList();
        assertThat(partials).hasSizeBetween(2, 7);
        for (CallEvent p : partials) {
            assertThat(p.text("text")).doesNotContain("4111 1111").contains("frames");
        }
        for (int i = 1; i < partials.size(); i++) {
            // The throttle reads the clock a moment before the event is stamped: allow a few ms of that.
            assertThat(partials.get(i).tMs() - partials.get(i - 1).tMs()).isGreaterThanOrEqualTo(195);
        }
        assertThat(events.events("call-1").indexOf(partials.get(partials.size() - 1)))
                .isLessThan(events.events("call-1").indexOf(fin));
        speech.close();
    }

    private static CallEvent waitFor(CallEventLog log, Predicate<CallEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (CallEvent e : log.events("call-1")) {
                if (p.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such event; got " + log.events("call-1"));
    }
}
