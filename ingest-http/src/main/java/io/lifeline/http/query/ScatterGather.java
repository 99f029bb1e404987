package io.lifeline.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Lists and statistics span every instance: each answers from its local state and the results are
 * gathered. An instance that cannot answer fails the whole request (503) rather than leaving a hole.
 */
public final class ScatterGather {

  /** Runs locally; may throw, as a handler does. */
  @FunctionalInterface
  public interface LocalQuery {
    JsonNode get() throws Exception;
  }

  private final Edge edge;
  private final HostInfo self;

  public ScatterGather(Edge edge) {
    this.edge = edge;
    this.self = Instances.self(edge);
  }

  /** True when another instance asked this one for its local part only. */
  public static boolean localOnly(Context ctx) {
    return ctx.header(Instances.LOCAL_ONLY) != null;
  }

  /** This instance's answer first, then every other instance's. */
  public List<JsonNode> gather(Context ctx, LocalQuery local) throws Exception {
    if (localOnly(ctx)) {
      return List.of(local.get());
    }
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the streams role (ROLES)");
    }
    List<HostInfo> others = Retry.until("the list of instances", this::otherInstances);
    Map<HostInfo, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
    for (HostInfo host : others) {
      asked.put(host, Instances.ask(ctx, host, Instances.LOCAL_ONLY));
    }
    List<JsonNode> answers = new ArrayList<>();
    answers.add(local.get());
    for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<byte[]>>> e : asked.entrySet()) {
      try {
        answers.add(Instances.json(e.getKey(), e.getValue().join()));
      } catch (CompletionException failure) {
        throw new StoreUnavailable("instance " + e.getKey() + " did not answer: " + failure.getCause().getMessage());
      }
    }
    return answers;
  }

  /** Null while the streams are not running, because membership is unknown then. */
  private List<HostInfo> otherInstances() {
    if (!edge.streams().isRunning()) {
      return null;
    }
    return edge.streams().streams().metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> !host.equals(self))
        .distinct()
        .toList();
  }
}
