package org.voicebot.gateway.asr.vosk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.voicebot.gateway.asr.ModelLoadException;

/**
 * What a Vosk model folder holds, checked before the native library sees it, so a wrong folder gets a
 * message that says what is wrong instead of Kaldi's stderr line and a bare "Failed to create a model".
 *
 * <p>Layouts (Vosk's {@code model.cc}): current models have {@code am/final.mdl}, {@code conf/model.conf}
 * and {@code conf/mfcc.conf}; old ones have {@code final.mdl} and {@code mfcc.conf} at the top. A runtime
 * graph ({@code HCLr.fst} + {@code Gr.fst}, the small and "lgraph" models) allows a phrase-list grammar;
 * a static {@code HCLG.fst} (the big models) ignores it.
 *
 * @param sampleRate    the audio rate the acoustic model expects ({@code --sample-frequency} of the
 *                      MFCC config; Kaldi's default 16000 when absent)
 * @param allowUpsample the MFCC config lets Kaldi upsample lower-rate input itself
 * @param runtimeGraph  the model can take a phrase-list grammar
 */
public record VoskModelFolder(Path folder, int sampleRate, boolean allowUpsample, boolean runtimeGraph) {

    private static final Pattern SAMPLE_FREQUENCY = Pattern.compile("^--sample-frequency=(\\d+(?:\\.\\d+)?)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern ALLOW_UPSAMPLE = Pattern.compile("^--allow-upsample=(true|1)\\s*$",
            Pattern.MULTILINE);

    /**
     * @throws ModelLoadException naming the folder when it is missing, not a folder, or lacks the files
     *                            of either layout
     */
    public static VoskModelFolder inspect(Path folder) throws ModelLoadException {
        if (!Files.exists(folder)) {
            throw new ModelLoadException(folder, "Vosk model folder " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException(folder, "Vosk model folder " + folder + " is not a folder");
        }
        Path mfcc;
        Path graph;
        if (Files.isRegularFile(folder.resolve("am/final.mdl"))) {
            List<String> missing = missing(folder, "conf/model.conf", "conf/mfcc.conf");
            if (!missing.isEmpty()) {
                throw new ModelLoadException(folder, "Vosk model folder " + folder + " has am/final.mdl but lacks "
                        + String.join(" and ", missing) + ": not a complete Vosk model");
            }
            mfcc = folder.resolve("conf/mfcc.conf");
            graph = folder.resolve("graph");
        } else if (Files.isRegularFile(folder.resolve("final.mdl"))) {
            mfcc = folder.resolve("mfcc.conf");
            graph = folder;
        } else {
            throw new ModelLoadException(folder, "Vosk model folder " + folder + " holds no Vosk model ("
                    + describe(folder) + "; expected am/final.mdl, conf/model.conf and conf/mfcc.conf, as in an"
                    + " unpacked model such as vosk-model-small-en-us-0.15/)");
        }
        String conf = "";
        if (Files.isRegularFile(mfcc)) {
            try {
                conf = Files.readString(mfcc, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ModelLoadException(folder, "Vosk model folder " + folder + ": cannot read " + mfcc + ": " + e, e);
            }
        }
        int rate = 16000;
        Matcher m = SAMPLE_FREQUENCY.matcher(conf);
        if (m.find()) {
            rate = (int) Math.round(Double.parseDouble(m.group(1)));
        }
        if (rate < 8000) {
            throw new ModelLoadException(folder, "Vosk model folder " + folder + ": " + mfcc.getFileName()
                    + " says --sample-frequency=" + rate + "; telephone audio is 8000 Hz and cannot feed it");
        }
        boolean runtime = Files.isRegularFile(graph.resolve("HCLr.fst")) && Files.isRegularFile(graph.resolve("Gr.fst"));
        return new VoskModelFolder(folder, rate, ALLOW_UPSAMPLE.matcher(conf).find(), runtime);
    }

    private static List<String> missing(Path folder, String... files) {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                out.add(f);
            }
        }
        return out;
    }

    private static String describe(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<String> names = s.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
                    .sorted().limit(8).toList();
            return names.isEmpty() ? "the folder is empty" : "it holds " + String.join(", ", names);
        } catch (IOException e) {
            return "it cannot be listed: " + e.getMessage();
        }
    }

    /**
     * How 8 kHz telephone audio reaches this model: the factor by which the gateway upsamples it (1 = feed
     * as is). A 16 kHz model gets 2: Vosk enables only Kaldi's downsampling, so 8 kHz input to a 16 kHz
     * model fails ("Sampling frequency mismatch") unless the model's MFCC config allows upsampling.
     *
     * @throws ModelLoadException when the rate is no multiple of 8000 and Kaldi may not upsample
     */
    public int upsampleFactor() throws ModelLoadException {
        if (sampleRate == 8000 || allowUpsample && sampleRate % 8000 != 0) {
            return 1;
        }
        if (sampleRate % 8000 == 0) {
            return sampleRate / 8000;
        }
        throw new ModelLoadException(folder, "Vosk model folder " + folder + " expects " + sampleRate
                + " Hz audio, which 8 kHz telephone audio cannot be upsampled to by a whole factor; add"
                + " --allow-upsample=true to its MFCC config or use an 8 kHz or 16 kHz model");
    }
}
