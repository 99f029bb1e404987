package io.lifeline.ports;

/** The store that would answer is migrating or restoring; the client should retry shortly (503). */
public final class StoreUnavailable extends RuntimeException {
  public StoreUnavailable() {
    super("the state needed for this answer is being moved between instances; retry shortly");
  }

  public StoreUnavailable(String message) {
    super(message);
  }
}
