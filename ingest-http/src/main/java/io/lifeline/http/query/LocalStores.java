package io.lifeline.http.query;

import io.lifeline.http.Edge;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;

/** The local queryable stores, retried briefly while a rebalance or restore makes them unavailable. */
public final class LocalStores {

  static final Duration RETRY_FOR = Duration.ofSeconds(3);

  private final Edge edge;

  public LocalStores(Edge edge) {
    this.edge = edge;
  }

  public <T> T store(String name, QueryableStoreType<T> type) {
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the topology (ROLES)");
    }
    KafkaStreams streams = edge.streams().streams();
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      try {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
      } catch (InvalidStateStoreException e) {
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailable();
        }
        pause();
      }
    }
  }

  static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailable();
    }
  }
}
