package org.voicebot.gateway.asr;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Which recognition engine runs, decided once at start-up, with the one log line that says which and why.
 *
 * <ul>
 *   <li>{@code sphinx}: the embedded Sphinx4 engine alone.</li>
 *   <li>{@code moonshine}: the embedded pair, the bundled Moonshine model first and Sphinx4 second; a build
 *       without the model stops start-up.</li>
 *   <li>{@code vosk}: Vosk from the configured model folder; a model that does not load stops start-up.</li>
 *   <li>{@code auto}: Vosk when a model folder is configured and loads, else the embedded engine (the pair when
 *       the build bundles Moonshine, else Sphinx4 alone; a model that fails to load is logged and the gateway
 *       falls back instead of refusing to answer calls).</li>
 * </ul>
 */
public final class EngineSelection {

    public enum Mode { AUTO, SPHINX, MOONSHINE, VOSK }

    /** Loads a Vosk model folder (in production {@code VoskRecognizer.load} with the dialog's phrases or none). */
    @FunctionalInterface
    public interface VoskLoader {
        Loaded load(Path folder) throws ModelLoadException;
    }

    /** A loaded Vosk engine and how to describe it. */
    public record Loaded(StreamingRecognizer recognizer, String description) {}

    /** The engine that runs and the log line that explains the choice. */
    public record Choice(StreamingRecognizer recognizer, String logLine) {}

    private EngineSelection() {
    }

    /**
     * @param embedded builds the embedded engine for the mode (only called when it is the one chosen)
     * @throws ModelLoadException in {@code vosk} mode when the model does not load
     */
    public static Choice choose(Mode mode, Optional<Path> voskModel, VoskLoader vosk, Supplier<Choice> embedded)
            throws ModelLoadException {
        if (mode == Mode.SPHINX || mode == Mode.MOONSHINE) {
            return embedded.get();
        }
        if (voskModel.isEmpty()) {
            if (mode == Mode.VOSK) {
                throw new ModelLoadException(null, "no Vosk model folder configured");
            }
            return withReason(embedded.get(), "no asr.voskModel configured");
        }
        Path folder = voskModel.get();
        long t0 = System.nanoTime();
        try {
            Loaded l = vosk.load(folder);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new Choice(l.recognizer(), "speech recognition: " + l.description() + " loaded in " + ms + " ms ("
                    + (mode == Mode.VOSK ? "asr.engine=vosk" : "asr.engine=auto, a Vosk model is configured") + ")");
        } catch (ModelLoadException e) {
            if (mode == Mode.VOSK) {
                throw e;
            }
            return withReason(embedded.get(), "Vosk model " + folder + " failed to load: " + e.getMessage() + "; falling back");
        }
    }

    private static Choice withReason(Choice c, String why) {
        return new Choice(c.recognizer(), c.logLine() + " (" + why + ")");
    }
}
