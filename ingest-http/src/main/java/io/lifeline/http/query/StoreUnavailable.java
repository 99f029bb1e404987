package io.lifeline.http.query;

/** The state that would answer is not queryable now (rebalance, restore, an unreachable owner); retry later. */
public final class StoreUnavailable extends RuntimeException {
  public StoreUnavailable(String message) {
    super(message);
  }
}
