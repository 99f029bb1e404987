package io.lifeline.http.query;

import io.lifeline.http.Edge;
import java.time.Duration;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;

/** The local queryable stores, retried briefly while the streams (re)balance, else {@link StoreUnavailable}. */
public final class LocalStores {

  static final Duration PATIENCE = Duration.ofSeconds(5);

  private final Edge edge;

  public LocalStores(Edge edge) {
    this.edge = edge;
  }

  public <T> T store(String name, QueryableStoreType<T> type) {
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the streams role");
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        return edge.streams().streams().store(StoreQueryParameters.fromNameAndType(name, type));
      } catch (InvalidStateStoreException e) {
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailable("store " + name + " is not queryable yet: " + e.getMessage(), e);
        }
        pause();
      }
    }
  }

  static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailable("interrupted while waiting for a store");
    }
  }
}
