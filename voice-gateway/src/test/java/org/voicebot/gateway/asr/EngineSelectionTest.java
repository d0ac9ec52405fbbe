package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebot.gateway.asr.vosk.VoskRecognizer;

class EngineSelectionTest {

    @TempDir
    Path emptyModel;

    private final StreamingRecognizer sphinxEngine = new RecognitionSessionTest.FakeEngine();
    private final AtomicInteger sphinxBuilt = new AtomicInteger();

    private EngineSelection.Choice sphinx() {
        sphinxBuilt.incrementAndGet();
        return new EngineSelection.Choice(sphinxEngine, "speech recognition: embedded Sphinx4");
    }

    private static EngineSelection.Loaded realVosk(Path folder) throws ModelLoadException {
        VoskRecognizer v = VoskRecognizer.load(folder, List.of());
        return new EngineSelection.Loaded(v, v.describe());
    }

    @Test
    void autoWithoutAModelRunsSphinxAndSaysWhy() throws Exception {
        EngineSelection.Choice c = EngineSelection.choose(EngineSelection.Mode.AUTO, Optional.empty(),
                EngineSelectionTest::realVosk, this::sphinx);
        assertThat(c.recognizer()).isSameAs(sphinxEngine);
        assertThat(c.logLine()).isEqualTo("speech recognition: embedded Sphinx4 (no asr.voskModel configured)");
    }

    @Test
    void autoWithAModelThatDoesNotLoadFallsBackToSphinxAndSaysWhatFailed() throws Exception {
        EngineSelection.Choice c = EngineSelection.choose(EngineSelection.Mode.AUTO, Optional.of(emptyModel),
                EngineSelectionTest::realVosk, this::sphinx);
        assertThat(c.recognizer()).isSameAs(sphinxEngine);
        assertThat(c.logLine()).startsWith("speech recognition: embedded Sphinx4 (Vosk model " + emptyModel
                + " failed to load: ").contains("holds no Vosk model").endsWith("; falling back)");
    }

    @Test
    void voskWithAModelThatDoesNotLoadStopsStartUp() {
        assertThatThrownBy(() -> EngineSelection.choose(EngineSelection.Mode.VOSK, Optional.of(emptyModel),
                EngineSelectionTest::realVosk, this::sphinx))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(emptyModel.toString());
        assertThat(sphinxBuilt).hasValue(0);
    }

    @Test
    void aModelThatLoadsIsUsedAndTheLogLineSaysHowLongItTook() throws Exception {
        StreamingRecognizer vosk = new RecognitionSessionTest.FakeEngine();
        EngineSelection.Choice c = EngineSelection.choose(EngineSelection.Mode.AUTO, Optional.of(emptyModel),
                f -> new EngineSelection.Loaded(vosk, "Vosk model " + f), this::sphinx);
        assertThat(c.recognizer()).isSameAs(vosk);
        assertThat(c.logLine()).matches("speech recognition: Vosk model .* loaded in \\d+ ms \\(asr.engine=auto, a Vosk"
                + " model is configured\\)");
        assertThat(sphinxBuilt).hasValue(0);
    }

    @Test
    void sphinxModeIgnoresAConfiguredModel() throws Exception {
        EngineSelection.Choice c = EngineSelection.choose(EngineSelection.Mode.SPHINX, Optional.of(emptyModel),
                f -> {
                    throw new AssertionError("must not load Vosk");
                }, this::sphinx);
        assertThat(c.recognizer()).isSameAs(sphinxEngine);
    }

    @Test
    void moonshineModeBuildsTheEmbeddedEngineAndIgnoresAConfiguredVoskModel() throws Exception {
        EngineSelection.Choice c = EngineSelection.choose(EngineSelection.Mode.MOONSHINE, Optional.of(emptyModel),
                f -> {
                    throw new AssertionError("must not load Vosk");
                }, this::sphinx);
        assertThat(c.recognizer()).isSameAs(sphinxEngine);
        assertThat(sphinxBuilt).hasValue(1);
    }
}
