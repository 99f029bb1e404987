package io.lifeline.http.query;

import io.lifeline.http.Edge;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/** This instance's queryable stores, waited for briefly while the streams (re)start or rebalance. */
public final class LocalStores {

  private final Edge edge;

  public LocalStores(Edge edge) {
    this.edge = edge;
  }

  public <T> T store(String name, QueryableStoreType<T> type) {
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the streams role (ROLES)");
    }
    return Retry.until("store " + name,
        () -> edge.streams().streams().store(StoreQueryParameters.fromNameAndType(name, type)));
  }
}
