package org.voicebot.gateway.doctor;

import io.vertx.core.Future;

/**
 * The AMI login the queue check needs ({@code ami.*}): the manager.conf user, its secret, and AMI listening
 * where {@code ami.host}/{@code ami.port} say.
 */
final class AmiLoginCheck implements Check {

  static final String NAME = "AMI login";

  private final AmiProbe ami;

  AmiLoginCheck(AmiProbe ami) {
    this.ami = ami;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<CheckResult> run() {
    return ami.login().map(banner -> CheckResult.ok(NAME, "logged in to " + ami.address() + " as '" + ami.username()
        + "' (" + banner + ")")).otherwise(e -> {
          boolean auth = e instanceof AmiProbe.AmiFailure f && f.authentication;
          String managerUser = "/etc/asterisk/manager.conf:\n"
              + "  [" + ami.username() + "]\n"
              + "  secret = <the same as ami.password / VOICEBOT_AMI_PASSWORD>\n"
              + "  deny = 0.0.0.0/0.0.0.0\n"
              + "  permit = 127.0.0.1/255.255.255.255\n"
              + "  read = reporting\n"
              + "  write = reporting\n"
              + "then: asterisk -rx 'manager reload'";
          return auth
              ? CheckResult.fail(NAME, AriReachableCheck.describe(e), managerUser)
              : CheckResult.fail(NAME, AriReachableCheck.describe(e), "manager.conf [general]: enabled = yes,"
                  + " bindaddr/port matching ami.host/ami.port; asterisk -rx 'manager show settings'\n" + managerUser);
        });
  }
}
