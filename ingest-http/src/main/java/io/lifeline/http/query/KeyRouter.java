package io.lifeline.http.query;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.http.Edge;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a read of one key where its state lives: here when this instance is the active host of
 * the key in the store, else by relaying the same request to the owner. While no owner is known
 * (rebalance) it retries for a few seconds, then gives up with {@link StoreUnavailable}.
 */
public final class KeyRouter {

  private final Edge edge;
  private final Peers peers;

  public KeyRouter(Edge edge) {
    this.edge = edge;
    this.peers = new Peers(edge);
  }

  public void route(Context ctx, String store, String key, Handler local) throws Exception {
    if (ctx.header(Peers.FORWARDED) != null) {
      local.handle(ctx);
      return;
    }
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the topology (ROLES)");
    }
    long deadline = System.nanoTime() + LocalStores.RETRY_FOR.toNanos();
    while (true) {
      KeyQueryMetadata metadata = edge.streams().streams()
          .queryMetadataForKey(store, key, Serdes.String().serializer());
      HostInfo owner = metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE ? null : metadata.activeHost();
      if (owner != null && peers.isSelf(owner)) {
        local.handle(ctx);
        return;
      }
      if (owner != null) {
        try {
          HttpResponse<String> answer = peers.send(owner, ctx, Peers.FORWARDED);
          ctx.status(answer.statusCode());
          answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
          answer.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
          ctx.result(answer.body());
          return;
        } catch (IOException e) {
          // The owner went away mid-rebalance: ask the metadata again.
        }
      }
      if (System.nanoTime() > deadline) {
        throw new StoreUnavailable();
      }
      LocalStores.pause();
    }
  }
}
