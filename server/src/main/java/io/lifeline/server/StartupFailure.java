package io.lifeline.server;

/** The server cannot start for a reason the operator must fix; the message says which. */
public final class StartupFailure extends RuntimeException {
  public StartupFailure(String message) {
    super(message);
  }
}
