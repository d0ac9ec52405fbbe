package org.voicebot.gateway.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real MaryTTS engine (start-up takes a few seconds, once for the class). */
class MaryTtsSynthesizerTest {

    private static final String HELLO = "Hello, you are talking to an automated assistant.";
    private static MaryTtsSynthesizer tts;

    @BeforeAll
    static void start() throws SynthesisException {
        tts = MaryTtsSynthesizer.start();
    }

    @AfterAll
    static void stop() {
        if (tts != null) {
            tts.close();
        }
    }

    @Test
    void botSpeaksAPlausibleTelephoneRateSentence() throws SynthesisException {
        short[] pcm = tts.synthesize(HELLO, Voice.BOT);
        double seconds = pcm.length / (double) SpeechSynthesizer.SAMPLE_RATE;
        assertThat(seconds).isBetween(1.0, 6.0);
        assertThat(Pcm.rmsDbfs(pcm)).isGreaterThan(-40.0);
        assertThat(Pcm.peakDbfs(pcm)).isLessThanOrEqualTo(0.0).isGreaterThan(-20.0);
        // female voice: median F0 in a plausible range proves it is speech, not noise or a tone
        assertThat(Signals.medianF0(pcm, 8000)).isBetween(120.0, 260.0);
    }

    @Test
    void outputIsDeterministic() throws SynthesisException {
        assertThat(tts.synthesize(HELLO, Voice.BOT)).isEqualTo(tts.synthesize(HELLO, Voice.BOT));
        assertThat(tts.synthesize(HELLO, Voice.CALLER)).isEqualTo(tts.synthesize(HELLO, Voice.CALLER));
    }

    @Test
    void briefingIsSlowerThanBot() throws SynthesisException {
        int bot = tts.synthesize(HELLO, Voice.BOT).length;
        int briefing = tts.synthesize(HELLO, Voice.BRIEFING).length;
        assertThat(briefing).isGreaterThan((int) (bot * 1.1));
    }

    @Test
    void callerSoundsDifferentFromBot() throws SynthesisException {
        short[] bot = tts.synthesize(HELLO, Voice.BOT);
        short[] caller = tts.synthesize(HELLO, Voice.CALLER);
        assertThat(caller).isNotEqualTo(bot);
        double botF0 = Signals.medianF0(bot, 8000);
        double callerF0 = Signals.medianF0(caller, 8000);
        assertThat(callerF0).isGreaterThan(60.0).isLessThan(botF0 * 0.85);
        assertThat(Pcm.rmsDbfs(caller)).isGreaterThan(-40.0);
    }

    @Test
    void emptyTextIsRejected() {
        assertThatThrownBy(() -> tts.synthesize("", Voice.BOT))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> tts.synthesize(" \n\t ", Voice.BRIEFING)).isInstanceOf(SynthesisException.class);
        assertThatThrownBy(() -> tts.synthesize(null, Voice.BOT)).isInstanceOf(SynthesisException.class);
    }

    @Test
    void textWithNothingToSayIsRejected() {
        assertThatThrownBy(() -> tts.synthesize("...", Voice.BOT))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("no audible speech");
    }

    @Test
    void markupInTextIsSpokenAsTextNotInterpreted() throws SynthesisException {
        // concatenated into an XML string, this would be malformed (<, &) or obeyed (a 10 s break)
        short[] pcm = tts.synthesize("Is 3 < 4 & 5 > 2? <break time=\"10s\"/> Yes.", Voice.BOT);
        assertThat(Pcm.rmsDbfs(pcm)).isGreaterThan(-40.0);
        assertThat(longestQuietSeconds(pcm)).isLessThan(1.5);
    }

    private static double longestQuietSeconds(short[] pcm) {
        int run = 0;
        int longest = 0;
        for (int from = 0; from + 80 <= pcm.length; from += 80) {
            run = Pcm.rmsDbfs(pcm, from, from + 80) < -45 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest * 0.01;
    }

    @Test
    void parallelSynthesesMatchSequentialOnes() throws Exception {
        String[] texts = {HELLO, "Please hold while I transfer you to an agent.", "Your invoice number is four two seven."};
        Voice[] voices = {Voice.BOT, Voice.CALLER, Voice.BRIEFING};
        short[][] expected = new short[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            expected[i] = tts.synthesize(texts[i], voices[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < texts.length; i++) {
                    int k = (i + round) % texts.length;
                    results.add(pool.submit(() -> {
                        go.await();
                        return java.util.Arrays.equals(tts.synthesize(texts[k], voices[k]), expected[k]);
                    }));
                }
            }
            go.countDown();
            for (Future<Boolean> f : results) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secondInstanceReusesEngineAndClosedInstanceRefuses() throws SynthesisException {
        MaryTtsSynthesizer other = MaryTtsSynthesizer.start();
        short[] a = other.synthesize("Goodbye.", Voice.BOT);
        other.close();
        other.close();
        assertThatThrownBy(() -> other.synthesize("Goodbye.", Voice.BOT)).isInstanceOf(IllegalStateException.class);
        assertThat(tts.synthesize("Goodbye.", Voice.BOT)).isEqualTo(a);
    }

    @Test
    void trimQuietEdgesKeepsFiftyMillisecondMargins() {
        short[] tone = Signals.sine(440, 8000, 0.5, 0.3);
        short[] pcm = new short[8000 + tone.length + 8000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (i % 2 == 0 ? 3 : -3);                // about -80 dBFS: quiet but not digital zero
        }
        System.arraycopy(tone, 0, pcm, 8000, tone.length);
        short[] t = MaryTtsSynthesizer.trimQuietEdges(pcm, 8000, -55.0, 50);
        assertThat(t).hasSize(400 + tone.length + 400);
        assertThat(java.util.Arrays.copyOfRange(t, 400, 400 + tone.length)).isEqualTo(tone);
        assertThat(MaryTtsSynthesizer.trimQuietEdges(new short[8000], 8000, -55.0, 50)).isEmpty();
        short[] loud = Signals.sine(440, 8000, 0.2, 0.3);
        assertThat(MaryTtsSynthesizer.trimQuietEdges(loud, 8000, -55.0, 50)).isEqualTo(loud);
    }

    @Test
    void noVoiceClipsAtEightKilohertz() throws SynthesisException {
        for (Voice v : Voice.values()) {
            assertThat(Pcm.peakDbfs(tts.synthesize(HELLO, v))).as(v.name()).isLessThan(-0.5);
        }
    }

    @Test
    void headroomOnlyTouchesLoudSignals() {
        short[] quiet = Signals.sine(300, 48000, 0.1, 0.6);
        assertThat(MaryTtsSynthesizer.withHeadroom(quiet)).isSameAs(quiet);
        short[] loud = Signals.sine(300, 48000, 0.1, 1.0);
        assertThat(Pcm.peakDbfs(MaryTtsSynthesizer.withHeadroom(loud))).isCloseTo(-2.0, org.assertj.core.api.Assertions.within(0.01));
    }
}
