package org.voicebot.gateway.asr.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebot.gateway.asr.ModelLoadException;

/** The loading and error paths, for real (the native library runs), with no model needed. */
class VoskModelLoadingTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingFolderIsNamed() {
        Path missing = tmp.resolve("vosk-model-small-en-us-0.15");
        assertThatThrownBy(() -> VoskRecognizer.load(missing, List.of()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((ModelLoadException) e).folder()).isEqualTo(missing));
    }

    @Test
    void aFileInsteadOfAFolderIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.zip"), "PK");
        assertThatThrownBy(() -> VoskRecognizer.load(file, List.of()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is not a folder");
    }

    @Test
    void anEmptyFolderHoldsNoModel() {
        assertThatThrownBy(() -> VoskRecognizer.load(tmp, List.of()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("holds no Vosk model (the folder is empty")
                .hasMessageContaining("am/final.mdl");
    }

    @Test
    void theParentOfAModelFolderIsToldWhatItHolds() throws IOException {
        Files.createDirectories(tmp.resolve("vosk-model-small-en-us-0.15/am"));
        assertThatThrownBy(() -> VoskRecognizer.load(tmp, List.of()))
                .hasMessageContaining("it holds vosk-model-small-en-us-0.15/");
    }

    @Test
    void anAcousticModelWithoutItsConfigurationIsIncomplete() throws IOException {
        Files.createDirectories(tmp.resolve("am"));
        Files.write(tmp.resolve("am/final.mdl"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> VoskRecognizer.load(tmp, List.of()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("lacks conf/model.conf and conf/mfcc.conf");
    }

    @Test
    void aCorruptAcousticModelIsRefusedByVoskWithoutCrashingTheJvm() throws IOException {
        Path model = fakeModelLayout(tmp, "--sample-frequency=16000\n");
        byte[] garbage = new byte[4096];
        new Random(4).nextBytes(garbage);
        Files.write(model.resolve("am/final.mdl"), garbage);
        assertThatThrownBy(() -> VoskRecognizer.load(model, List.of("pay my bill")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Vosk could not load the model in " + model)
                .hasMessageContaining("corrupt")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void sampleRateAndUpsamplingComeFromTheMfccConfig() throws Exception {
        VoskModelFolder wide = VoskModelFolder.inspect(fakeModelLayout(tmp.resolve("a"), "--sample-frequency=16000\n"));
        assertThat(wide.sampleRate()).isEqualTo(16000);
        assertThat(wide.upsampleFactor()).isEqualTo(2);
        assertThat(wide.runtimeGraph()).isFalse();

        VoskModelFolder narrow = VoskModelFolder.inspect(fakeModelLayout(tmp.resolve("b"), "--sample-frequency=8000\n"));
        assertThat(narrow.upsampleFactor()).isEqualTo(1);

        VoskModelFolder unstated = VoskModelFolder.inspect(fakeModelLayout(tmp.resolve("c"), "--use-energy=false\n"));
        assertThat(unstated.sampleRate()).as("Kaldi's default").isEqualTo(16000);

        VoskModelFolder odd = VoskModelFolder.inspect(fakeModelLayout(tmp.resolve("d"), "--sample-frequency=11025\n"));
        assertThatThrownBy(odd::upsampleFactor).hasMessageContaining("11025").hasMessageContaining("--allow-upsample");
        VoskModelFolder oddAllowed = VoskModelFolder.inspect(
                fakeModelLayout(tmp.resolve("e"), "--sample-frequency=11025\n--allow-upsample=true\n"));
        assertThat(oddAllowed.upsampleFactor()).as("Kaldi resamples itself").isEqualTo(1);
    }

    @Test
    void aRuntimeGraphAllowsAGrammar() throws Exception {
        Path m = fakeModelLayout(tmp, "--sample-frequency=16000\n");
        Files.createDirectories(m.resolve("graph"));
        Files.write(m.resolve("graph/HCLr.fst"), new byte[1]);
        Files.write(m.resolve("graph/Gr.fst"), new byte[1]);
        assertThat(VoskModelFolder.inspect(m).runtimeGraph()).isTrue();
    }

    @Test
    void aModelTooNarrowForTelephoneAudioIsRefused() throws IOException {
        Path m = fakeModelLayout(tmp, "--sample-frequency=6000\n");
        assertThatThrownBy(() -> VoskModelFolder.inspect(m)).hasMessageContaining("6000").hasMessageContaining(m.toString());
    }

    static Path fakeModelLayout(Path dir, String mfcc) throws IOException {
        Files.createDirectories(dir.resolve("am"));
        Files.createDirectories(dir.resolve("conf"));
        Files.write(dir.resolve("am/final.mdl"), new byte[] {0});
        Files.writeString(dir.resolve("conf/model.conf"), "--min-active=200\n--max-active=3000\n--beam=10.0\n");
        Files.writeString(dir.resolve("conf/mfcc.conf"), mfcc);
        return dir;
    }
}
