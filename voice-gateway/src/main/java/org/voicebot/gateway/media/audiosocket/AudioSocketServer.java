package org.voicebot.gateway.media.audiosocket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.MediaListener;
import org.voicebot.gateway.media.MediaRegistry;

/**
 * The AudioSocket TCP server Asterisk connects to (externalMedia with audiosocket encapsulation, or
 * the AudioSocket() dialplan app). Each connection must start with a UUID frame naming a call the
 * gateway expects; anything malformed ends that one connection, with a log line naming it.
 */
public final class AudioSocketServer {

  private static final Logger log = LoggerFactory.getLogger(AudioSocketServer.class);

  private final Vertx vertx;
  private final MediaRegistry registry;
  private final int maxPayload;
  private final long uuidTimeoutMs;
  private final AtomicLong refused = new AtomicLong();
  private NetServer server;

  public AudioSocketServer(Vertx vertx, MediaRegistry registry, int maxPayload, long uuidTimeoutMs) {
    this.vertx = vertx;
    this.registry = registry;
    this.maxPayload = maxPayload;
    this.uuidTimeoutMs = uuidTimeoutMs;
  }

  public Future<Integer> listen(String host, int port) {
    server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
    server.connectHandler(this::accept);
    return server.listen().map(NetServer::actualPort);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Connections refused so far (bad first frame, unknown UUID, timeout). */
  public long refusedConnections() {
    return refused.get();
  }

  private void accept(NetSocket socket) {
    new Connection(socket).start();
  }

  /** One Asterisk connection: decoder state, the call it belongs to, and the write side for that call. */
  private final class Connection implements MediaEndpoint {
    private final NetSocket socket;
    private final AudioSocketDecoder decoder = new AudioSocketDecoder(maxPayload);
    private final String remote;
    private MediaListener listener;
    private String callUuid = "?";
    private boolean open = true;
    private long uuidTimer;

    Connection(NetSocket socket) {
      this.socket = socket;
      this.remote = String.valueOf(socket.remoteAddress());
    }

    void start() {
      uuidTimer = vertx.setTimer(uuidTimeoutMs, id -> {
        if (listener == null && open) {
          refuse("no UUID frame within " + uuidTimeoutMs + " ms");
        }
      });
      socket.handler(this::onBytes);
      socket.closeHandler(v -> onClosed());
      socket.exceptionHandler(e -> log.debug("AudioSocket {} call {}: {}", remote, callUuid, e.toString()));
    }

    private void onBytes(Buffer buffer) {
      if (!open) {
        return;
      }
      AudioSocketDecoder.Result result = decoder.feed(buffer.getBytes());
      for (AudioSocketFrame frame : result.frames()) {
        if (!open) {
          return;
        }
        deliver(frame);
      }
      if (result.failed() && open) {
        if (listener == null) {
          refuse(result.error());
        } else {
          log.warn("AudioSocket call {} from {}: {}; ending this call's media", callUuid, remote, result.error());
          endWith(result.error());
        }
      }
    }

    private void deliver(AudioSocketFrame frame) {
      if (frame instanceof AudioSocketFrame.Uuid u) {
        vertx.cancelTimer(uuidTimer);
        callUuid = u.uuid().toString();
        var claimed = registry.claim(u.uuid());
        if (claimed.isEmpty()) {
          refuse("unknown call UUID " + callUuid);
          return;
        }
        listener = claimed.get();
        log.debug("AudioSocket call {} connected from {}", callUuid, remote);
        listener.onMediaConnected(this);
      } else if (frame instanceof AudioSocketFrame.Audio a) {
        listener.onAudio(a.slin());
      } else if (frame instanceof AudioSocketFrame.Dtmf d) {
        listener.onDtmf(d.digit());
      } else if (frame instanceof AudioSocketFrame.Hangup) {
        endWith(null);
      } else if (frame instanceof AudioSocketFrame.Error e) {
        String code = e.payload().length > 0 ? String.format("0x%02x", e.payload()[0] & 0xff) : "none";
        log.warn("AudioSocket call {}: Asterisk reported an error frame (code {})", callUuid, code);
        endWith("Asterisk error frame, code " + code);
      }
    }

    private void refuse(String why) {
      refused.incrementAndGet();
      log.warn("AudioSocket connection from {} refused: {}", remote, why);
      open = false;
      socket.close();
    }

    private void endWith(String problem) {
      if (!open) {
        return;
      }
      open = false;
      socket.close();
      MediaListener l = listener;
      if (l != null) {
        l.onMediaClosed(problem);
      }
    }

    private void onClosed() {
      vertx.cancelTimer(uuidTimer);
      if (open) {
        open = false;
        if (listener != null) {
          listener.onMediaClosed(decoder.atFrameBoundary() ? null : "connection closed in the middle of a frame");
        }
      }
    }

    @Override
    public void sendAudio(byte[] slin) {
      if (open) {
        socket.write(Buffer.buffer(AudioSocketEncoder.audio(slin)));
      }
    }

    @Override
    public void hangup() {
      if (open) {
        open = false;
        socket.write(Buffer.buffer(AudioSocketEncoder.hangup())).onComplete(ar -> socket.close());
      }
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        socket.close();
      }
    }

    @Override
    public boolean isOpen() {
      return open;
    }
  }
}
