package org.voicebot.gateway.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import marytts.LocalMaryInterface;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * MaryTTS's English text analysis runs on libraries we upgraded past the versions Mary was built with
 * (opennlp-tools 2.x for part-of-speech tagging, icu4j 78 for number and date expansion; the old ones
 * carry critical CVEs). This checks, on Mary's own intermediate output, that both still do their job:
 * numbers, money and dates become words, and every word gets a part-of-speech tag.
 */
class MaryTextAnalysisTest {
    private static MaryTtsSynthesizer tts;
    private static LocalMaryInterface mary;

    @BeforeAll
    static void start() throws Exception {
        tts = MaryTtsSynthesizer.start(); // starts the Mary engine once, under its lock
        mary = new LocalMaryInterface();
        mary.setLocale(Locale.US);
        mary.setVoice(MaryTtsSynthesizer.MARY_VOICE);
        mary.setOutputType("PHONEMES");
    }

    @AfterAll
    static void stop() {
        tts.close();
    }

    @Test
    void numbersAndMoneyAreExpandedIntoWords() throws Exception {
        List<String> words = words(mary.generateXML("Your balance is $42.10 and you owe 250 dollars."));
        assertThat(words).contains("forty", "two", "dollars", "ten", "cents", "two", "hundred", "fifty");
        assertThat(words).noneMatch(w -> w.matches(".*\\d.*"));
    }

    @Test
    void datesAreExpandedIntoWords() throws Exception {
        List<String> words = words(mary.generateXML("The engineer comes on 12/03/2026."));
        assertThat(words).noneMatch(w -> w.matches(".*\\d.*"));
        assertThat(words).contains("twenty");
    }

    @Test
    void everyWordIsTaggedWithItsPartOfSpeech() throws Exception {
        Document doc = mary.generateXML("I want to report a power cut at my house.");
        NodeList tokens = doc.getElementsByTagName("t");
        assertThat(tokens.getLength()).isGreaterThan(5);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < tokens.getLength(); i++) {
            tags.add(((Element) tokens.item(i)).getAttribute("pos"));
        }
        assertThat(tags).doesNotContain("");
        // The tagger, not a default: a verb and a noun are told apart.
        assertThat(tags).contains("VB", "NN", "PRP");
    }

    private static List<String> words(Document doc) {
        NodeList tokens = doc.getElementsByTagName("t");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < tokens.getLength(); i++) {
            Element t = (Element) tokens.item(i);
            if (t.hasAttribute("ph")) {
                words.add(t.getTextContent().trim().toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }
}
