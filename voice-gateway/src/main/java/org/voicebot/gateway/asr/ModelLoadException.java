package org.voicebot.gateway.asr;

import java.nio.file.Path;

/** A recognition model could not be loaded; the message names the folder and what is wrong with it. */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path folder;

    public ModelLoadException(Path folder, String message) {
        super(message);
        this.folder = folder;
    }

    public ModelLoadException(Path folder, String message, Throwable cause) {
        super(message, cause);
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }
}
