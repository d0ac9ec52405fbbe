package org.voicebot.gateway.config;

import java.util.List;

/**
 * The configuration cannot be used. The message has one line per problem, each starting with the
 * dotted key ({@code call.endpointSilenceMs: -5 is out of range (allowed: 100..5000)}).
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() == 1
        ? "invalid configuration: " + problems.get(0)
        : "invalid configuration (" + problems.size() + " problems):\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem, each naming its key. */
  public List<String> problems() {
    return problems;
  }
}
