package io.lifeline.http.query;

/** A store needed to answer is migrating or restoring and did not come back in time; the client should retry. */
public final class StoreUnavailable extends RuntimeException {
  public StoreUnavailable(String message) {
    super(message);
  }

  public StoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
