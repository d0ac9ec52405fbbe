package org.voicebot.gateway.asterisk.agi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI connection after its header block: commands go out one at a time (res_agi answers each
 * before it reads the next), each {@link #send} returns the future of its reply, later commands wait in
 * a queue. A reply is a value whatever its code (510, 511 and 520 included): SET VARIABLE and GET
 * VARIABLE still work on a dead channel, so a 511 does not fail the queue. The futures fail only when
 * the connection closes or Asterisk sends something undecodable (then the connection is closed).
 *
 * <p>All state lives on the connection's event loop; methods may be called from any thread.
 */
public final class AgiSession {

  private static final Logger log = LoggerFactory.getLogger(AgiSession.class);

  /** The AGI connection closed (by Asterisk or by us) before the command's reply arrived. */
  public static final class ClosedException extends RuntimeException {
    ClosedException(String message) {
      super(message, null, false, false);
    }
  }

  private record Pending(AgiCommand command, Promise<AgiReply> reply) {}

  private final NetSocket socket;
  private final Context context;
  private final AgiRequest request;
  private final String remote;
  private final AgiReplyDecoder decoder;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private Pending inFlight;
  private boolean open = true;
  private boolean hungUp;
  private Handler<Void> hangupHandler;
  private Handler<Void> closeHandler;

  AgiSession(NetSocket socket, Context context, AgiRequest request, String remote, int maxReplyLineBytes) {
    this.socket = socket;
    this.context = context;
    this.request = request;
    this.remote = remote;
    this.decoder = new AgiReplyDecoder(maxReplyLineBytes);
  }

  public AgiRequest request() {
    return request;
  }

  public String remoteAddress() {
    return remote;
  }

  /** The connection's event-loop context: where replies and notices are delivered. */
  public Context context() {
    return context;
  }

  /** Sends {@code command} after the commands before it have their replies. */
  public Future<AgiReply> send(AgiCommand command) {
    Promise<AgiReply> reply = Promise.promise();
    onContext(() -> {
      if (!open) {
        reply.fail(new ClosedException("AGI connection closed; not sent: " + command));
        return;
      }
      queue.add(new Pending(command, reply));
      pump();
    });
    return reply.future();
  }

  /** Called once when the channel hangs up: the HANGUP notice, or a 511 reply if that came first. */
  public AgiSession onHangup(Handler<Void> handler) {
    onContext(() -> {
      hangupHandler = handler;
      if (hungUp) {
        fire(handler);
      }
    });
    return this;
  }

  /** Called once when the connection closes, whoever closed it. */
  public AgiSession onClose(Handler<Void> handler) {
    onContext(() -> {
      closeHandler = handler;
      if (!open) {
        fire(handler);
      }
    });
    return this;
  }

  /** True once Asterisk said the channel hung up. */
  public boolean channelHungUp() {
    return hungUp;
  }

  public boolean isOpen() {
    return open;
  }

  /**
   * Closes the connection: the AGI() application returns and the dialplan continues with
   * {@code AGISTATUS=SUCCESS} (trace 05, transcript 2). Commands still waiting fail.
   */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      if (open) {
        closed();
        socket.close();
      }
      done.complete();
    });
    return done.future();
  }

  // ---- called by the server on the connection's event loop ---------------------------------------

  void onBytes(byte[] bytes, int offset, int length) {
    if (!open) {
      return;
    }
    AgiReplyDecoder.Result r = decoder.feed(bytes, offset, length);
    for (AgiMessage m : r.messages()) {
      if (!open) {
        return;
      }
      if (m instanceof AgiMessage.Hangup) {
        markHungUp();
      } else if (m instanceof AgiReply reply) {
        Pending p = inFlight;
        if (p == null) {
          protocolError("a reply arrived with no command outstanding: " + reply);
          return;
        }
        inFlight = null;
        if (reply.deadChannel()) {
          markHungUp();
        }
        p.reply().complete(reply);
        pump();
      }
    }
    if (r.failed() && open) {
      protocolError(r.error());
    }
  }

  void closed() {
    if (!open) {
      return;
    }
    open = false;
    ClosedException e = new ClosedException("AGI connection closed");
    if (inFlight != null) {
      inFlight.reply().tryFail(e);
      inFlight = null;
    }
    while (!queue.isEmpty()) {
      queue.poll().reply().tryFail(e);
    }
    fire(closeHandler);
  }

  private void protocolError(String problem) {
    log.warn("FastAGI {} (channel {}): {}; closing this connection", remote, request.channel(), problem);
    closed();
    socket.close();
  }

  private void markHungUp() {
    if (!hungUp) {
      hungUp = true;
      fire(hangupHandler);
    }
  }

  private void pump() {
    if (inFlight == null && !queue.isEmpty() && open) {
      inFlight = queue.poll();
      log.debug("FastAGI {} > {}", remote, inFlight.command());
      socket.write(Buffer.buffer(inFlight.command().wire()));
    }
  }

  private void fire(Handler<Void> handler) {
    if (handler == null) {
      return;
    }
    try {
      handler.handle(null);
    } catch (RuntimeException e) {
      log.error("FastAGI {}: handler failed", remote, e);
    }
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }
}
