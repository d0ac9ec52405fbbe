package org.voicebot.gateway.asterisk.ari;

/**
 * An ARI request that failed, with Asterisk's status code and message. The codes are Asterisk's own,
 * which are not always what one would guess (409 for a channel not in Stasis, 400 or 422 from
 * addChannel, 500 from play without media): see shared/asterisk-traces/02.
 */
public final class AriException extends RuntimeException {

  /** What went wrong, as the gateway needs to tell it apart. */
  public enum Kind {
    /** No HTTP answer: connection refused, reset, DNS (status 0). */
    UNREACHABLE,
    /** No answer within the request timeout (status 0). */
    TIMEOUT,
    /** 401: wrong or missing credentials. */
    UNAUTHORIZED,
    /** 404: channel, bridge, variable or resource not found. */
    NOT_FOUND,
    /** 409: the channel exists but is not in Stasis (it left for the dialplan). */
    NOT_IN_STASIS,
    /** 422: addChannel with a channel that is not in Stasis. */
    UNPROCESSABLE,
    /** 400: a bad request; addChannel also answers 400 for a channel that does not exist. */
    BAD_REQUEST,
    /** 405: method not allowed on that resource. */
    METHOD_NOT_ALLOWED,
    /** 5xx: Asterisk failed (play without media, externalMedia with nothing listening, bad technology). */
    SERVER_ERROR,
    /** Any other status. */
    OTHER
  }

  private final int status;
  private final String request;
  private final Kind kind;

  public AriException(String request, int status, String message) {
    this(request, status, message, status == 0 ? Kind.UNREACHABLE : kindOf(status));
  }

  public AriException(String request, int status, String message, Kind kind) {
    super(request + " -> " + (status == 0 ? kind.name().toLowerCase(java.util.Locale.ROOT) : status)
        + (message == null || message.isEmpty() ? "" : " " + message));
    this.request = request;
    this.status = status;
    this.kind = kind;
  }

  static Kind kindOf(int status) {
    if (status >= 500) {
      return Kind.SERVER_ERROR;
    }
    switch (status) {
      case 400: return Kind.BAD_REQUEST;
      case 401: return Kind.UNAUTHORIZED;
      case 404: return Kind.NOT_FOUND;
      case 405: return Kind.METHOD_NOT_ALLOWED;
      case 409: return Kind.NOT_IN_STASIS;
      case 422: return Kind.UNPROCESSABLE;
      default: return Kind.OTHER;
    }
  }

  public int status() {
    return status;
  }

  public String request() {
    return request;
  }

  public Kind kind() {
    return kind;
  }

  /** The channel or bridge is gone (404) or has already left Stasis (409): nothing left to clean up. */
  public boolean gone() {
    return kind == Kind.NOT_FOUND || kind == Kind.NOT_IN_STASIS;
  }

  /** Worth retrying: Asterisk unreachable, too slow, or unavailable. */
  public boolean retryable() {
    return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT || status == 503;
  }
}
