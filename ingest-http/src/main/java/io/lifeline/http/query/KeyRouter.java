package io.lifeline.http.query;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.http.Edge;
import java.net.http.HttpResponse;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * Answers a read for one key where its data lives: here when this instance is the active host of
 * the key in the store, else by forwarding the request to the owner and relaying its answer.
 */
public final class KeyRouter {

  private final Edge edge;
  private final Peers peers;

  public KeyRouter(Edge edge) {
    this.edge = edge;
    this.peers = new Peers(edge);
  }

  public void route(Context ctx, String store, String key, Handler local) throws Exception {
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the streams role");
    }
    long deadline = System.nanoTime() + LocalStores.PATIENCE.toNanos();
    KeyQueryMetadata owner = edge.streams().streams().queryMetadataForKey(store, key, Serdes.String().serializer());
    while (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      if (System.nanoTime() > deadline) {
        throw new StoreUnavailable("no instance owns " + store + " for the key yet");
      }
      LocalStores.pause();
      owner = edge.streams().streams().queryMetadataForKey(store, key, Serdes.String().serializer());
    }
    if (owner.activeHost().equals(peers.self()) || ScatterGather.localOnly(ctx)) {
      local.handle(ctx);
      return;
    }
    HttpResponse<String> answer = peers.forward(ctx, owner.activeHost(), true);
    answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    ctx.status(answer.statusCode()).result(answer.body());
  }
}
