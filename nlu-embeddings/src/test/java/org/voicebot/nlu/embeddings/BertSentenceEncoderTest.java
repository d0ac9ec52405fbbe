package org.voicebot.nlu.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertSentenceEncoderTest {

  private static BertSentenceEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = BertSentenceEncoder.loadBundled();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void vectorsAreUnitLengthOnePerWordPiece() {
    BertSentenceEncoder.Embedding e = encoder.encode("my lights went out and the whole street is dark");
    assertThat(e.sentence()).hasSize(BertSentenceEncoder.DIMENSIONS);
    assertThat(dot(e.sentence(), e.sentence())).isCloseTo(1.0, Offset.offset(1e-4));
    assertThat(e.tokens().length).isEqualTo(10);
    for (float[] t : e.tokens()) {
      assertThat(dot(t, t)).isCloseTo(1.0, Offset.offset(1e-4));
    }
    assertThat(encoder.encode("").tokens().length).isZero();
  }

  @Test
  void paraphrasesAreCloserThanOtherRequests() {
    float[] outage = encoder.encode("my power is out").sentence();
    float[] paraphrase = encoder.encode("we have no electricity in the house").sentence();
    float[] hours = encoder.encode("what are your opening hours").sentence();
    float[] balance = encoder.encode("how much do i owe").sentence();
    assertThat(dot(outage, paraphrase)).isGreaterThan(dot(outage, hours));
    assertThat(dot(outage, paraphrase)).isGreaterThan(dot(outage, balance));
  }

  @Test
  void deterministic() {
    assertThat(encoder.encode("how much do i owe").sentence()).isEqualTo(encoder.encode("how much do i owe").sentence());
  }

  @Test
  void sameSentenceVectorAsLangchain4jsOwnCode(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    ClassLoader cl = BertSentenceEncoder.class.getClassLoader();
    try (InputStream m = cl.getResourceAsStream(BertSentenceEncoder.MODEL_RESOURCE);
        InputStream t = cl.getResourceAsStream(BertSentenceEncoder.TOKENIZER_RESOURCE)) {
      Files.copy(m, model);
      Files.copy(t, tokenizer);
    }
    OnnxEmbeddingModel reference = new OnnxEmbeddingModel(model.toString(), tokenizer.toString(), PoolingMode.CLS);
    for (String s : List.of("hello", "i'd like to pay my bill please", "uh so like the lights went off at six",
        "can i speak to a real person", "what are your opening hours on saturday")) {
      float[] expected = reference.embed(s).content().vector();
      assertThat(dot(encoder.encode(s).sentence(), expected)).as(s).isGreaterThan(0.9999);
    }
  }

  /** A figure, not a check: how long one utterance takes on one thread. */
  @Test
  void timing() {
    List<String> lines = List.of("check my balance", "yeah hi um so i got this letter saying i owe like two hundred"
        + " dollars and i don't get why", "agent", "the power went out on our whole block about an hour ago");
    for (int i = 0; i < 20; i++) {
      lines.forEach(encoder::encode);
    }
    long t0 = System.nanoTime();
    int n = 0;
    for (int i = 0; i < 25; i++) {
      for (String s : lines) {
        encoder.encode(s);
        n++;
      }
    }
    System.out.printf("BertSentenceEncoder: %.2f ms per utterance (%d, one thread)%n", (System.nanoTime() - t0) / 1e6 / n, n);
  }
}
