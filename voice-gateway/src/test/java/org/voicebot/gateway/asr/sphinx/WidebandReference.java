package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.api.Configuration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.asr.Transcript;

/**
 * A reference for the accuracy check, not a product path: the same grammars as the gateway's embedded engine,
 * decoded with sphinx4-data's en-us model as trained, on audio at the 16 kHz it was trained on (no telephone
 * band, no fitting, batch cepstral mean). The difference from the 8 kHz figure is what the phone band costs
 * this model (see the root README, "Recognition accuracy").
 */
public final class WidebandReference implements AutoCloseable {
    public static final int SAMPLE_RATE = 16000;
    static final String CONFIG = "resource:/org/voicebot/gateway/asr/sphinx/wideband-reference.config.xml";

    private final SphinxRecognizer grammars;
    private final SphinxDecoder decoder;

    private WidebandReference(SphinxRecognizer grammars, SphinxDecoder decoder) {
        this.grammars = grammars;
        this.decoder = decoder;
    }

    /** Writes the dialog's grammars as the gateway does (through a narrowband recognizer) and loads the reference decoder. */
    public static WidebandReference create(SphinxRecognizer.Vocabulary vocabulary) throws IOException {
        SphinxRecognizer narrowband = SphinxRecognizer.create(vocabulary, 1);
        Configuration c = new Configuration();
        c.setAcousticModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us");
        c.setDictionaryPath("resource:/" + CmuDictionary.RESOURCE);
        c.setGrammarPath(narrowband.grammarDirectory().toUri().toString());
        c.setGrammarName(DialogGrammar.NAME);
        c.setUseGrammar(true);
        c.setSampleRate(SAMPLE_RATE);
        SphinxRecognizer.quietSphinxLogging();
        return new WidebandReference(narrowband, new SphinxDecoder(c, CONFIG));
    }

    /** Decodes 16 kHz audio with the grammar for {@code listening}, levelled as the gateway levels 8 kHz audio. */
    public Transcript recognize(short[] pcm16k, Listening listening) {
        short[] levelled = SphinxRecognizer.toDecodingLevel(pcm16k);
        ByteBuffer b = ByteBuffer.allocate(levelled.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(levelled);
        return decoder.decode(b.array(), listening);
    }

    @Override
    public void close() {
        decoder.close();
        grammars.close();
    }
}
