package org.voicebot.testcalls.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Every log line of the process at DEBUG and above while it is open, for privacy checks. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> atInfo = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Level previous;

  LogCapture() {
    super("privacy-capture", null, null, true, Property.EMPTY_ARRAY);
    start();
    Configuration cfg = context.getConfiguration();
    LoggerConfig root = cfg.getRootLogger();
    previous = root.getLevel();
    root.addAppender(this, Level.DEBUG, null);
    root.setLevel(Level.DEBUG);
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder sb = new StringBuilder(event.getLoggerName()).append(' ')
        .append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      sb.append(' ').append(event.getThrown());
    }
    lines.add(sb.toString());
    if (event.getLevel().isMoreSpecificThan(Level.INFO)) {
      atInfo.add(sb.toString());
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines logged at INFO or above: what a production log (root at INFO) keeps. */
  List<String> linesAtInfo() {
    return List.copyOf(atInfo);
  }

  @Override
  public void close() {
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.removeAppender(getName());
    root.setLevel(previous);
    context.updateLoggers();
    stop();
  }
}
