package io.lifeline.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Lists and statistics: answers from the local stores and asks every other instance for its local
 * part (header {@code X-Lifeline-Local: 1}), so the caller can merge the answers.
 */
public final class ScatterGather {

  /** Supplies the local answer; may throw like a handler. */
  @FunctionalInterface
  public interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private final Edge edge;
  private final Peers peers;

  public ScatterGather(Edge edge) {
    this.edge = edge;
    this.peers = new Peers(edge);
  }

  public static boolean localOnly(Context ctx) {
    return "1".equals(ctx.header(Peers.LOCAL_ONLY));
  }

  public List<JsonNode> gather(Context ctx, ThrowingSupplier<JsonNode> local) throws Exception {
    List<JsonNode> answers = new ArrayList<>();
    answers.add(local.get());
    if (localOnly(ctx) || edge.streams() == null) {
      return answers;
    }
    for (StreamsMetadata instance : edge.streams().streams().metadataForAllStreamsClients()) {
      if (instance.hostInfo().equals(peers.self())) {
        continue;
      }
      HttpResponse<String> answer = peers.forward(ctx, instance.hostInfo(), true);
      if (answer.statusCode() != 200) {
        throw new StoreUnavailable("instance " + instance.hostInfo() + " answered " + answer.statusCode());
      }
      try {
        answers.add(Json.MAPPER.readTree(answer.body()));
      } catch (IOException e) {
        throw new StoreUnavailable("instance " + instance.hostInfo() + " answered no JSON", e);
      }
    }
    return answers;
  }
}
