package org.voicebot.gateway.asterisk.agi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI TCP server Asterisk's {@code AGI(agi://host:port/voicebot?...)} connects to, on a Vert.x
 * {@link NetServer}: no thread per call. Each connection must send a complete header block within the
 * header timeout; a malformed one ends that connection with one WARN line naming the peer and the
 * problem. A request for any script other than the served one is closed without a word, so that
 * call's dialplan simply continues after AGI() (fail-open). Several scripts can share the port (the call
 * path {@code voicebot} and the callback offer {@code voicebot-callback}). A served request becomes an
 * {@link AgiSession} handed to the session handler.
 */
public final class FastAgiServer {

  private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);

  /**
   * @param script the only script served (the path of {@code agi://host:port/<script>?...})
   * @param headerTimeoutMs how long a new connection may take to send its header block
   */
  public record Settings(String script, long headerTimeoutMs, AgiRequestDecoder.Limits headerLimits,
      int maxReplyLineBytes) {
    public static Settings defaults(String script) {
      return new Settings(script, 5000, AgiRequestDecoder.Limits.DEFAULT, AgiReplyDecoder.DEFAULT_MAX_LINE_BYTES);
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final java.util.Map<String, Handler<AgiSession>> scripts;
  private final AtomicLong refused = new AtomicLong();
  private NetServer server;

  public FastAgiServer(Vertx vertx, Settings settings, Handler<AgiSession> sessions) {
    this(vertx, settings, java.util.Map.of(settings.script(), sessions));
  }

  /** Serves several scripts on one port: script name (the path of the AGI URL) to its session handler. */
  public FastAgiServer(Vertx vertx, Settings settings, java.util.Map<String, Handler<AgiSession>> scripts) {
    this.vertx = vertx;
    this.settings = settings;
    this.scripts = java.util.Map.copyOf(scripts);
  }

  /** Listens; the future carries the bound port (useful with port 0). */
  public Future<Integer> listen(String host, int port) {
    server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
    server.connectHandler(socket -> new Connection(socket, Vertx.currentContext()).start());
    return server.listen().map(NetServer::actualPort);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Connections closed before they became sessions (bad header, timeout, other script). */
  public long refusedConnections() {
    return refused.get();
  }

  /** A connection until its header block is complete; then its bytes go to the session. */
  private final class Connection {
    private final NetSocket socket;
    private final Context context;
    private final String remote;
    private final AgiRequestDecoder header = new AgiRequestDecoder(settings.headerLimits());
    private AgiSession session;
    private boolean open = true;
    private long timer;

    Connection(NetSocket socket, Context context) {
      this.socket = socket;
      this.context = context;
      this.remote = String.valueOf(socket.remoteAddress());
    }

    void start() {
      timer = vertx.setTimer(settings.headerTimeoutMs(), id -> {
        if (session == null && open) {
          refuse("no complete header block within " + settings.headerTimeoutMs() + " ms", true);
        }
      });
      socket.handler(this::onBytes);
      socket.closeHandler(v -> {
        vertx.cancelTimer(timer);
        open = false;
        if (session != null) {
          session.closed();
        }
      });
      socket.exceptionHandler(e -> log.debug("FastAGI {}: {}", remote, e.toString()));
    }

    private void onBytes(Buffer buffer) {
      if (!open) {
        return;
      }
      byte[] bytes = buffer.getBytes();
      if (session != null) {
        session.onBytes(bytes, 0, bytes.length);
        return;
      }
      AgiRequestDecoder.Result r = header.feed(bytes);
      if (r.failed()) {
        refuse(r.error(), true);
      } else if (r.complete()) {
        vertx.cancelTimer(timer);
        AgiRequest request = r.request();
        Handler<AgiSession> sessions = scripts.get(request.script());
        if (sessions == null) {
          log.info("FastAGI {}: script '{}' is not served here (only {}); closing so the dialplan continues"
              + " (channel {})", remote, request.script(), new java.util.TreeSet<>(scripts.keySet()), request.channel());
          refuse(null, false);
          return;
        }
        session = new AgiSession(socket, context, request, remote, settings.maxReplyLineBytes());
        try {
          sessions.handle(session);
        } catch (RuntimeException e) {
          log.error("FastAGI {}: starting the call failed; closing so the dialplan continues", remote, e);
          session.close();
          return;
        }
        if (r.consumed() < bytes.length) {
          session.onBytes(bytes, r.consumed(), bytes.length - r.consumed());
        }
      }
    }

    private void refuse(String problem, boolean warn) {
      refused.incrementAndGet();
      if (warn) {
        log.warn("FastAGI connection from {} refused: {}", remote, problem);
      }
      open = false;
      vertx.cancelTimer(timer);
      socket.close();
    }
  }
}
