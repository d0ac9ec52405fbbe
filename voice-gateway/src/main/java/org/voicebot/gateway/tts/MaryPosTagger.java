package org.voicebot.gateway.tts;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import marytts.datatypes.MaryData;
import marytts.datatypes.MaryDataType;
import marytts.datatypes.MaryXML;
import marytts.modules.InternalModule;
import marytts.server.MaryProperties;
import marytts.util.MaryUtils;
import marytts.util.dom.MaryDomUtils;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.traversal.NodeIterator;
import org.w3c.dom.traversal.TreeWalker;

/**
 * MaryTTS's part-of-speech step (WORDS to PARTSOFSPEECH) on a current OpenNLP. Mary 5.2.1's own
 * {@code OpenNLPPosTagger} calls {@code POSTaggerME.tag(List)}, which exists only in OpenNLP 1.5, whose
 * releases carry critical CVEs (CVE-2026-42027, CVE-2026-40682); the 2.x API tags a {@code String[]}.
 * {@link MaryTtsSynthesizer} registers this module and makes Mary prefer it; the tagging model is Mary's own
 * ({@code en.pos.model}, the 1.5-format maxent model, which OpenNLP 2 reads).
 *
 * <p>Instantiated by Mary by name with its locale and property prefix, e.g. {@code MaryPosTagger(en,en.pos)}.
 */
public final class MaryPosTagger extends InternalModule {
    /** The module entry Mary is given, in its {@code modules.classes.list} syntax. */
    static final String MODULE_SPEC = MaryPosTagger.class.getName() + "(en,en.pos)";

    private final String propertyPrefix;
    private POSTaggerME tagger;

    public MaryPosTagger(String locale, String propertyPrefix) {
        super("MaryPosTagger", MaryDataType.WORDS, MaryDataType.PARTSOFSPEECH, MaryUtils.string2locale(locale));
        this.propertyPrefix = propertyPrefix.endsWith(".") ? propertyPrefix : propertyPrefix + ".";
    }

    @Override
    public void startup() throws Exception {
        super.startup();
        try (InputStream model = MaryProperties.needStream(propertyPrefix + "model")) {
            // Penn Treebank tags as the model has them: OpenNLP 2 would map them to Universal Dependencies
            // ("VERB", "PUNCT"), which Mary's phonemiser and prosody rules do not know.
            tagger = new POSTaggerME(new POSModel(model), POSTagFormat.PENN);
        }
        if (MaryProperties.getProperty(propertyPrefix + "posMap") != null) {
            // English has none; a language that sets one needs Mary's own mapping step, which this module omits.
            throw new IllegalStateException(propertyPrefix + "posMap is set but not supported by " + name());
        }
    }

    @Override
    public MaryData process(MaryData input) throws Exception {
        Document doc = input.getDocument();
        NodeIterator sentences = MaryDomUtils.createNodeIterator(doc, doc, MaryXML.SENTENCE);
        Element sentence;
        while ((sentence = (Element) sentences.nextNode()) != null) {
            List<Element> tokens = new ArrayList<>();
            TreeWalker walker = MaryDomUtils.createTreeWalker(sentence, MaryXML.TOKEN);
            Element t;
            while ((t = (Element) walker.nextNode()) != null) {
                tokens.add(t);
            }
            if (tokens.isEmpty()) {
                continue;
            }
            // As Mary 5.2.1's tagger does: a one-word sentence is tagged with a full stop after it (the model
            // was trained on sentences), and a part of speech set by an earlier step (punctuation) is kept.
            String[] words = new String[tokens.size() == 1 ? 2 : tokens.size()];
            for (int i = 0; i < tokens.size(); i++) {
                words[i] = MaryDomUtils.tokenText(tokens.get(i));
            }
            if (tokens.size() == 1) {
                words[1] = ".";
            }
            String[] tags;
            synchronized (this) { // POSTaggerME keeps per-call state: one sentence at a time
                tags = tagger.tag(words);
            }
            for (int i = 0; i < tokens.size(); i++) {
                if (!tokens.get(i).hasAttribute("pos")) {
                    tokens.get(i).setAttribute("pos", tags[i]);
                }
            }
        }
        MaryData output = new MaryData(outputType(), input.getLocale());
        output.setDocument(doc);
        return output;
    }
}
