package io.lifeline.delivery.channel;

/**
 * How one attempt went. A transient failure (a 5xx, 408, 429, a timeout, a refused connection) is
 * worth another attempt; a permanent one (any other 4xx, an SMTP 5xx, a target the SSRF guard
 * refuses) is not.
 */
public record Outcome(Kind kind, Integer httpStatus, String reply, String error) {

  public enum Kind { DELIVERED, TRANSIENT, PERMANENT }

  public static Outcome delivered(Integer httpStatus, String reply) {
    return new Outcome(Kind.DELIVERED, httpStatus, reply, null);
  }

  public static Outcome transientFailure(Integer httpStatus, String reply, String error) {
    return new Outcome(Kind.TRANSIENT, httpStatus, reply, error);
  }

  public static Outcome permanentFailure(Integer httpStatus, String reply, String error) {
    return new Outcome(Kind.PERMANENT, httpStatus, reply, error);
  }

  /** The outcome of an HTTP answer by its status. */
  public static Outcome ofHttp(int status, String body) {
    if (status >= 200 && status < 300) {
      return delivered(status, null);
    }
    String reply = body == null ? null : body.substring(0, Math.min(body.length(), 200));
    boolean retryable = status >= 500 || status == 408 || status == 425 || status == 429;
    String error = "HTTP " + status;
    return retryable ? transientFailure(status, reply, error) : permanentFailure(status, reply, error);
  }

  public boolean delivered() {
    return kind == Kind.DELIVERED;
  }

  public boolean isTransient() {
    return kind == Kind.TRANSIENT;
  }
}
