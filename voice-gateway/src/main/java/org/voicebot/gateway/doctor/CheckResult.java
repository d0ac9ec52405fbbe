package org.voicebot.gateway.doctor;

import java.util.Objects;

/**
 * The outcome of one {@link Check}.
 *
 * @param name what was checked ("ARI reachable")
 * @param status the verdict
 * @param detail one line saying what was found
 * @param fix what the admin should change (file, key, command); empty when there is nothing to fix
 */
public record CheckResult(String name, Status status, String detail, String fix) {

  /** The verdict of a check, in the order an admin should care about them. */
  public enum Status { OK, WARN, FAIL, SKIP }

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    fix = fix == null ? "" : fix;
  }

  public static CheckResult ok(String name, String detail) {
    return new CheckResult(name, Status.OK, detail, "");
  }

  public static CheckResult warn(String name, String detail, String fix) {
    return new CheckResult(name, Status.WARN, detail, fix);
  }

  public static CheckResult fail(String name, String detail, String fix) {
    return new CheckResult(name, Status.FAIL, detail, fix);
  }

  public static CheckResult skip(String name, String why) {
    return new CheckResult(name, Status.SKIP, why, "");
  }
}
