package org.voicebot.nlu.embeddings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as the Hugging Face {@code tokenizer.json} of BERT-family sentence encoders (bge-small-en-v1.5, all-MiniLM-L6-v2) describes it:
 * BertNormalizer (drop control characters, whitespace to spaces, space around CJK characters, lower case, strip
 * accents), BertPreTokenizer (split on whitespace and on each punctuation character), WordPiece (greedy longest match,
 * {@code ##} continuations, {@code [UNK]} for a word it cannot cover or longer than 100 characters), then
 * {@code [CLS] ... [SEP]} truncated to 128 tokens. {@code WordPieceTokenizerTest} checks it against Hugging Face's own
 * tokenizer on thousands of strings.
 */
public final class WordPieceTokenizer {

  static final int MAX_TOKENS = 128;
  private static final int MAX_WORD_CHARS = 100;

  private final Map<String, Integer> vocab;
  private final int cls;
  private final int sep;
  private final int unk;

  private WordPieceTokenizer(Map<String, Integer> vocab) {
    this.vocab = vocab;
    this.cls = id(vocab, "[CLS]");
    this.sep = id(vocab, "[SEP]");
    this.unk = id(vocab, "[UNK]");
  }

  private static int id(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the vocabulary has no " + token + " token");
    }
    return id;
  }

  /** Reads {@code model.vocab} of a Hugging Face tokenizer.json (a WordPiece model). */
  public static WordPieceTokenizer fromTokenizerJson(InputStream json) throws IOException {
    Map<String, Integer> vocab = new HashMap<>(40_000);
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("tokenizer.json: not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("model")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken value = p.nextToken();
          if (key.equals("type") && !"WordPiece".equals(p.getText())) {
            throw new IOException("tokenizer.json: model type " + p.getText() + ", expected WordPiece");
          }
          if (key.equals("vocab") && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String token = p.currentName();
              p.nextToken();
              vocab.put(token, p.getIntValue());
            }
          } else {
            p.skipChildren();
          }
        }
      }
    }
    if (vocab.isEmpty()) {
      throw new IOException("tokenizer.json: no model.vocab");
    }
    return new WordPieceTokenizer(vocab);
  }

  /** Token ids of {@code text}: [CLS], the word pieces, [SEP]; at most {@value #MAX_TOKENS}. */
  public long[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    outer:
    for (String word : preTokenize(normalize(text))) {
      for (int piece : wordPieces(word)) {
        if (ids.size() == MAX_TOKENS - 1) {
          break outer;
        }
        ids.add(piece);
      }
    }
    ids.add(sep);
    long[] out = new long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  /** The word pieces of {@code text} as strings, without [CLS]/[SEP]: for tests and for explaining a match. */
  List<String> tokens(String text) {
    Map<Integer, String> byId = new HashMap<>();
    vocab.forEach((k, v) -> byId.put(v, k));
    List<String> out = new ArrayList<>();
    for (String word : preTokenize(normalize(text))) {
      for (int piece : wordPieces(word)) {
        out.add(byId.get(piece));
      }
    }
    return out;
  }

  private List<Integer> wordPieces(String word) {
    if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
      return List.of(unk);
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String sub = (start > 0 ? "##" : "") + word.substring(start, end);
        found = vocab.get(sub);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        return List.of(unk); // a word that cannot be covered is one [UNK], not pieces and an [UNK]
      }
      pieces.add(found);
      start = end;
    }
    return pieces;
  }

  /** BertNormalizer with clean_text, handle_chinese_chars, lowercase and accents stripped. */
  static String normalize(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == 0 || c == 0xFFFD || isControl(c)) {
        return;
      }
      if (isWhitespace(c)) {
        b.append(' ');
      } else if (isChinese(c)) {
        b.append(' ').appendCodePoint(c).append(' ');
      } else {
        b.appendCodePoint(c);
      }
    });
    // accents first, then lower case, in Hugging Face's order
    String decomposed = Normalizer.normalize(b, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
    return out.toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** BertPreTokenizer: whitespace separates words; every punctuation character is a word of its own. */
  static List<String> preTokenize(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (isWhitespace(c)) {
        flush(w, words);
      } else if (isPunctuation(c)) {
        flush(w, words);
        words.add(new String(Character.toChars(c)));
      } else {
        w.appendCodePoint(c);
      }
    });
    flush(w, words);
    return words;
  }

  private static void flush(StringBuilder w, List<String> words) {
    if (w.length() > 0) {
      words.add(w.toString());
      w.setLength(0);
    }
  }

  private static boolean isWhitespace(int c) {
    int t = Character.getType(c);
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || t == Character.SPACE_SEPARATOR
        || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE
        || t == Character.UNASSIGNED;
  }

  /** ASCII symbols count as punctuation, as in BERT, besides Unicode's P* categories. */
  private static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
  }

  private static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
