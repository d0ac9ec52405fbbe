package org.voicebot.gateway.asterisk.ari;

/**
 * An ARI request that failed, with Asterisk's status code and message. The codes are Asterisk's own,
 * which are not always what one would guess (409 for a channel not in Stasis, 400 or 422 from
 * addChannel, 500 from play without media): see shared/asterisk-traces/02.
 */
public final class AriException extends RuntimeException {

  private final int status;
  private final String request;

  public AriException(String request, int status, String message) {
    super(request + " -> " + status + (message == null || message.isEmpty() ? "" : " " + message));
    this.request = request;
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String request() {
    return request;
  }

  /** The channel or bridge is gone (404) or has already left Stasis (409): nothing left to clean up. */
  public boolean gone() {
    return status == 404 || status == 409;
  }

  /** Worth retrying: Asterisk unreachable (status 0) or a server error other than a bad request. */
  public boolean retryable() {
    return status == 0 || status == 503;
  }
}
