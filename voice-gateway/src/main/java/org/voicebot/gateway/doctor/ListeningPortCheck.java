package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/** 5./6. A TCP connect to a gateway listener (AudioSocket, FastAGI), closed at once without a byte sent. */
final class ListeningPortCheck implements Check {

  private final Vertx vertx;
  private final String name;
  private final String host;
  private final int port;
  private final int timeoutMs;
  private final String fix;

  /**
   * @param hostPort {@code host:port} or {@code [v6]:port}
   * @param fix what to do when nothing listens there
   */
  ListeningPortCheck(Vertx vertx, String name, String hostPort, int timeoutMs, String fix) {
    this.vertx = vertx;
    this.name = name;
    int colon = hostPort.lastIndexOf(':');
    String h = hostPort.substring(0, Math.max(colon, 0));
    this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    this.port = Integer.parseInt(hostPort.substring(colon + 1));
    this.timeoutMs = timeoutMs;
    this.fix = fix;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<CheckResult> run() {
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeoutMs));
    String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    return client.connect(port, host)
        .compose(socket -> socket.close().otherwiseEmpty()
            .map(v -> CheckResult.ok(name, "something listens on " + where)))
        .otherwise(e -> CheckResult.fail(name, "nothing accepts connections on " + where + ": "
            + AriReachableCheck.describe(e), fix))
        .eventually(client::close);
  }
}
