package org.voicebot.dialog;

/**
 * A dialog file that cannot be used. The message reads {@code FILE:LINE: key 'x.y': what is wrong
 * (allowed: ...)}, so an admin can go straight to the line.
 */
public final class DialogDefinitionException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String key;

  public DialogDefinitionException(String file, int line, String key, String problem) {
    super(file + ":" + line + ": key '" + key + "': " + problem);
    this.file = file;
    this.line = line;
    this.key = key;
  }

  /** The file (or classpath resource) at fault. */
  public String file() {
    return file;
  }

  /** 1-based line number; 0 when the file could not be read at all. */
  public int line() {
    return line;
  }

  /** Dotted path of the key at fault, e.g. {@code intents.check_balance.examples}. */
  public String key() {
    return key;
  }
}
