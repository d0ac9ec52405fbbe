package org.voicebot.nlu.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our WordPiece tokenizer gives exactly the ids of Hugging Face's own tokenizer for the same tokenizer.json. */
class WordPieceTokenizerTest {

  private static WordPieceTokenizer ours;
  private static HuggingFaceTokenizer reference;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = WordPieceTokenizer.class.getClassLoader().getResourceAsStream(BertSentenceEncoder.TOKENIZER_RESOURCE)) {
      ours = WordPieceTokenizer.fromTokenizerJson(in);
    }
    try (InputStream in = WordPieceTokenizer.class.getClassLoader().getResourceAsStream(BertSentenceEncoder.TOKENIZER_RESOURCE)) {
      // no padding: the reference pads to 128 as its tokenizer.json says; we never pad one sentence
      reference = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true", "maxLength", "128"));
    }
  }

  private static void same(String text) {
    long[] expected = reference.encode(text).getIds();
    assertThat(ours.encode(text)).as("ids of \"%s\"", text).isEqualTo(expected);
  }

  @Test
  void callerPhrasesTokenizeAsHuggingFaceDoes() {
    for (String s : List.of("", "hello", "I'd like to pay my bill, please!", "my power's out since 6:30 a.m.",
        "uh um so like the lights went off??", "what's the amount due on account 4411-2890", "café naïve résumé",
        "don't won't can't y'all", "electric city outrage", "  spaces   everywhere  ", "tabs\tand\nnewlines",
        "supercalifragilisticexpialidocious antidisestablishmentarianism", "£45.50 or $45,50 or €45",
        "emoji 😀 here", "中文字符 mixed", "line\u2028separator", "a" + "b".repeat(120))) {
      same(s);
    }
  }

  @Test
  void randomTextTokenizesAsHuggingFaceDoes() {
    Random r = new Random(8);
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-()$%&/éèüñçß";
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(80);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      same(b.toString());
    }
  }

  @Test
  void longTextIsTruncatedTo128Tokens() {
    String longText = String.join(" ", java.util.Collections.nCopies(300, "power"));
    assertThat(ours.encode(longText)).hasSize(WordPieceTokenizer.MAX_TOKENS);
    same(longText);
  }

  @Test
  void wordsOfTheDictionaryArePieces() {
    assertThat(ours.tokens("outage unhappy")).containsExactly("out", "##age", "unhappy");
  }
}
