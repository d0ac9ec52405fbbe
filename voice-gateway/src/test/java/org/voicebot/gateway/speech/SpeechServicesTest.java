package org.voicebot.gateway.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.SynthesisException;
import org.voicebot.gateway.tts.Voice;

class SpeechServicesTest {

  /** Each text renders as as many samples as it has characters, all of value 1. */
  static final class CountingSynthesizer implements SpeechSynthesizer {
    final List<String> rendered = new CopyOnWriteArrayList<>();
    volatile boolean broken;

    @Override
    public short[] synthesize(String text, Voice voice) throws SynthesisException {
      if (broken) {
        throw new SynthesisException("engine down");
      }
      rendered.add(text);
      short[] pcm = new short[text.length()];
      java.util.Arrays.fill(pcm, (short) 1);
      return pcm;
    }

    @Override
    public void close() {}
  }

  private final Vertx vertx = Vertx.vertx();
  private final CountingSynthesizer tts = new CountingSynthesizer();
  private final SpeechServices speech = new SpeechServices(vertx, tts,
      new org.voicebot.gateway.asr.sphinx.SphinxStreamingRecognizer(new SpeechRecognizer() {
    @Override
    public String engineName() {
      return "none";
    }

    @Override
    public Transcript recognize(short[] pcm8k) {
      return Transcript.empty();
    }

    @Override
    public void close() {}
  }), 1, 2);

  @AfterEach
  void tearDown() throws Exception {
    speech.close();
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  @Test
  void sentencesAreSynthesizedInOrderAndHandedOnWithAPauseBetween() throws Exception {
    List<short[]> chunks = new CopyOnWriteArrayList<>();
    await(speech.speakSentences("First one. Second one here.", chunks::add, () -> false));
    assertThat(tts.rendered).containsExactly("First one.", "Second one here.");
    assertThat(chunks).extracting(c -> c.length).containsExactly(10,
        SpeechServices.SENTENCE_PAUSE_MS * 8, 16);
  }

  @Test
  void aCachedPromptIsOneWholeChunkWithoutSynthesis() throws Exception {
    await(speech.warmPromptCache(List.of("First one. Second one here.")));
    tts.rendered.clear();
    List<short[]> chunks = new CopyOnWriteArrayList<>();
    await(speech.speakSentences("First one. Second one here.", chunks::add, () -> false));
    assertThat(tts.rendered).isEmpty();
    assertThat(chunks).extracting(c -> c.length).containsExactly(27);
  }

  @Test
  void aCancelledReplyRendersNoFurtherSentence() throws Exception {
    AtomicBoolean cancelled = new AtomicBoolean();
    List<short[]> chunks = new CopyOnWriteArrayList<>();
    await(speech.speakSentences("One. Two. Three.", pcm -> {
      chunks.add(pcm);
      cancelled.set(true); // the caller barged in during the first sentence
    }, cancelled::get));
    assertThat(tts.rendered).containsExactly("One.");
    assertThat(chunks).hasSize(1);
  }

  @Test
  void aFailingSentenceFailsTheReply() {
    tts.broken = true;
    assertThatThrownBy(() -> await(speech.speakSentences("One. Two.", pcm -> {}, () -> false)))
        .isInstanceOf(SynthesisException.class);
  }

  @Test
  void startUpFailsWithAClearMessageWhenTheHoldLineCannotBeRendered() {
    tts.broken = true;
    assertThatThrownBy(() -> await(speech.renderHoldPrompt()))
        .isInstanceOf(SynthesisException.class)
        .hasMessageContaining("hold prompt")
        .hasMessageContaining(SpeechServices.HOLD_PROMPT)
        .hasMessageContaining("engine down");
    assertThat(speech.holdPrompt()).isNull();
  }

  @Test
  void theHoldLineIsRenderedAndCachedAtStartUp() throws Exception {
    await(speech.renderHoldPrompt());
    assertThat(speech.holdPrompt()).hasSize(SpeechServices.HOLD_PROMPT.length());
    assertThat(speech.cached(SpeechServices.HOLD_PROMPT)).isTrue();
  }
}
