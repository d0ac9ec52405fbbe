package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.voicebot.gateway.config.GatewayConfig;

/**
 * Read-only AMI requests for the doctor, with Asterisk-Java's manager connection (blocking, so every call
 * runs on a worker thread): one login shared by the checks, {@code QueueSummary} and {@code QueueStatus}
 * for one queue, logoff at the end. Logs in with {@code Events: off}: the doctor wants answers, not the
 * event stream. The password only goes into the MD5 key of the login.
 */
final class AmiProbe {

  /** Why the login did not work, in the admin's terms. */
  static final class AmiFailure extends Exception {
    final boolean authentication;

    AmiFailure(String message, boolean authentication, Throwable cause) {
      super(message, cause);
      this.authentication = authentication;
    }
  }

  /** One queue member as QueueStatus lists it; {@code status} is Asterisk's device state. */
  record Member(String location, String name, int status, boolean paused) {
    boolean reachable() {
      return status != 4 && status != 5; // AST_DEVICE_INVALID, AST_DEVICE_UNAVAILABLE
    }
  }

  /**
   * @param exists QueueSummary listed the queue
   * @param loggedIn members not unavailable or invalid (app_queue's LoggedIn)
   * @param available of those, idle and not paused
   */
  record QueueReport(boolean exists, int loggedIn, int available, int callers, List<Member> members) {}

  private final Vertx vertx;
  private final GatewayConfig.Ami ami;
  private final long timeoutMs;
  private ManagerConnection connection;
  private Future<String> login;

  AmiProbe(Vertx vertx, GatewayConfig.Ami ami, long timeoutMs) {
    this.vertx = vertx;
    this.ami = ami;
    this.timeoutMs = timeoutMs;
  }

  String address() {
    return ami.host() + ":" + ami.port();
  }

  String username() {
    return ami.username();
  }

  /** Logs in once; the future carries Asterisk's banner (e.g. {@code Asterisk Call Manager/11.0.0}). */
  synchronized Future<String> login() {
    if (login == null) {
      login = vertx.executeBlocking(() -> {
        DefaultManagerConnection c = new DefaultManagerConnection(ami.host(), ami.port(), ami.username(),
            ami.password());
        c.setSocketTimeout((int) timeoutMs);
        c.setDefaultResponseTimeout(timeoutMs);
        c.setKeepAliveAfterAuthenticationFailure(false);
        try {
          c.login("off");
        } catch (AuthenticationFailedException e) {
          throw new AmiFailure("AMI at " + address() + " refused user '" + ami.username() + "': " + e.getMessage(),
              true, e);
        } catch (java.io.IOException | org.asteriskjava.manager.TimeoutException e) {
          throw new AmiFailure("AMI at " + address() + " not reachable: " + AriReachableCheck.describe(e), false, e);
        }
        connection = c;
        return c.getProtocolIdentifier();
      }, false);
    }
    return login;
  }

  /** QueueSummary, then QueueStatus for the members; needs {@link #login()} first. */
  Future<QueueReport> queue(String name) {
    return login().compose(banner -> vertx.executeBlocking(() -> {
      ResponseEvents summary = connection.sendEventGeneratingAction(new QueueSummaryAction(name), timeoutMs);
      QueueSummaryEvent found = null;
      for (ResponseEvent e : summary.getEvents()) {
        if (e instanceof QueueSummaryEvent s && name.equalsIgnoreCase(s.getQueue())) {
          found = s;
        }
      }
      if (found == null) {
        return new QueueReport(false, 0, 0, 0, List.of());
      }
      QueueStatusAction status = new QueueStatusAction();
      status.setQueue(name);
      List<Member> members = new ArrayList<>();
      for (ResponseEvent e : connection.sendEventGeneratingAction(status, timeoutMs).getEvents()) {
        if (e instanceof QueueMemberEvent m && name.equalsIgnoreCase(m.getQueue())) {
          members.add(new Member(m.getLocation(), m.getMemberName() == null ? m.getName() : m.getMemberName(),
              m.getStatus() == null ? 0 : m.getStatus(), Boolean.TRUE.equals(m.getPaused())));
        }
      }
      return new QueueReport(true, nz(found.getLoggedIn()), nz(found.getAvailable()), nz(found.getCallers()),
          List.copyOf(members));
    }, false));
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  /** Logs off (when logged in); never fails. */
  Future<Void> close() {
    Future<String> l;
    synchronized (this) {
      l = login;
    }
    if (l == null) {
      return Future.succeededFuture();
    }
    return l.transform(ar -> connection == null ? Future.<Void>succeededFuture() : vertx.<Void>executeBlocking(() -> {
      try {
        connection.logoff();
      } catch (RuntimeException ignored) {
        // the doctor is done either way
      }
      return null;
    }, false)).otherwiseEmpty();
  }
}
