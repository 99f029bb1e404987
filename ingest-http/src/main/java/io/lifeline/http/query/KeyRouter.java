package io.lifeline.http.query;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.http.Edge;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a read for one key where its state lives: here when this instance is the key's active
 * host, else by forwarding the request to that host and relaying its answer (the
 * kafka-streams-examples pattern). While ownership is unknown (rebalance) it retries briefly.
 */
public final class KeyRouter {

  private final Edge edge;
  private final HostInfo self;

  public KeyRouter(Edge edge) {
    this.edge = edge;
    this.self = Instances.self(edge);
  }

  public void route(Context ctx, String store, String key, Handler local) throws Exception {
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the streams role (ROLES)");
    }
    HostInfo owner = Retry.until("the owner of " + key, () -> {
      KeyQueryMetadata metadata = edge.streams().streams()
          .queryMetadataForKey(store, key, Serdes.String().serializer());
      return metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE ? null : metadata.activeHost();
    });
    if (owner.equals(self)) {
      local.handle(ctx);
      return;
    }
    if (ctx.header(Instances.FORWARDED) != null) {
      // The sender thought this instance owned the key; ownership is moving, so let the client retry.
      throw new StoreUnavailable("ownership of " + key + " is moving");
    }
    HttpResponse<byte[]> answer = Retry.until("instance " + owner, () -> {
      try {
        return Instances.ask(ctx, owner, Instances.FORWARDED).join();
      } catch (CompletionException e) {
        throw new StoreUnavailable("instance " + owner + " did not answer: " + e.getCause().getMessage());
      }
    });
    if (answer.statusCode() == 503) {
      throw new StoreUnavailable("instance " + owner + " cannot answer now");
    }
    ctx.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    ctx.result(answer.body());
  }
}
