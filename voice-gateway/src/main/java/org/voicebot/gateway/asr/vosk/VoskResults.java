package org.voicebot.gateway.asr.vosk;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WordTiming;

/**
 * Reads Vosk's JSON results. A final or intermediate result with word output on looks like
 * {@code {"result":[{"conf":0.97,"end":1.02,"start":0.6,"word":"hello"}, ...], "text":"hello ..."}}
 * (times in seconds since the recognizer's first sample); with nothing heard it is {@code {"text":""}}.
 * A partial is {@code {"partial":"hello wor"}}. {@code [unk]} (speech outside a grammar) is dropped.
 */
final class VoskResults {

    /** One stretch of an utterance as Vosk decoded it; Vosk's own endpointer may cut an utterance into several. */
    record Segment(List<WordTiming> words, List<Double> confidences, String text) {}

    private VoskResults() {
    }

    /**
     * @param offsetSamples samples fed to the recognizer before this utterance, so word times come out
     *                      relative to the utterance
     * @param sampleRate    the rate the recognizer was created with
     */
    static Segment segment(String json, long offsetSamples, float sampleRate) throws RecognitionException {
        JsonObject o = parse(json);
        List<WordTiming> words = new ArrayList<>();
        List<Double> conf = new ArrayList<>();
        JsonArray result = o.getJsonArray("result");
        if (result != null) {
            double offsetS = offsetSamples / (double) sampleRate;
            for (int i = 0; i < result.size(); i++) {
                JsonObject w = result.getJsonObject(i);
                String word = w.getString("word", "");
                if (word.isEmpty() || VoskGrammar.UNKNOWN.equals(word)) {
                    continue;
                }
                long start = Math.max(0, Math.round((w.getDouble("start", 0.0) - offsetS) * 1000));
                long end = Math.max(start, Math.round((w.getDouble("end", 0.0) - offsetS) * 1000));
                words.add(new WordTiming(word, start, end));
                conf.add(Math.max(0.0, Math.min(1.0, w.getDouble("conf", 1.0))));
            }
            return new Segment(words, conf, join(words));
        }
        // Word output off (or an old library): only the text, no timings or confidences.
        return new Segment(List.of(), List.of(), clean(o.getString("text", "")));
    }

    /** The utterance's transcript: its segments joined; confidence is the mean word confidence. */
    static Transcript transcript(List<Segment> segments) {
        StringBuilder text = new StringBuilder();
        List<WordTiming> words = new ArrayList<>();
        double sum = 0;
        int n = 0;
        boolean textOnly = false;
        for (Segment s : segments) {
            if (!s.text().isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(s.text());
            }
            words.addAll(s.words());
            for (double c : s.confidences()) {
                sum += c;
                n++;
            }
            textOnly |= s.words().isEmpty() && !s.text().isEmpty();
        }
        if (text.length() == 0) {
            return Transcript.empty();
        }
        // Without per-word confidences there is nothing to average: say "unsure" rather than invent certainty.
        double confidence = n == 0 ? 0.5 : sum / n;
        return new Transcript(text.toString(), confidence, textOnly ? List.of() : words);
    }

    static String partial(String json) throws RecognitionException {
        return clean(parse(json).getString("partial", ""));
    }

    private static JsonObject parse(String json) throws RecognitionException {
        if (json == null) {
            throw new RecognitionException("Vosk returned no result", false);
        }
        try {
            return new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new RecognitionException("Vosk returned a result that is not a JSON object: "
                    + json.substring(0, Math.min(120, json.length())), e, false);
        }
    }

    private static String join(List<WordTiming> words) {
        StringBuilder sb = new StringBuilder();
        for (WordTiming w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.word());
        }
        return sb.toString();
    }

    private static String clean(String text) {
        StringBuilder sb = new StringBuilder();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty() && !VoskGrammar.UNKNOWN.equals(w)) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(w);
            }
        }
        return sb.toString();
    }
}
