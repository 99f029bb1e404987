package io.lifeline.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.schemas.Topics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Lists and stats: the local answer plus the same request, marked local-only, to every other
 * instance. It only answers once every partition has an active owner that answered, so a rebalance
 * yields a retry and then 503, never a silently partial list.
 */
public final class ScatterGather {

  /** The input topics whose partitions carry the state that lists and stats read. */
  private static final List<String> STATEFUL_INPUTS =
      List.of(Topics.HEARTBEAT_PINGS.name(), Topics.METERING_PULSES.name());

  private final Edge edge;
  private final Peers peers;

  public ScatterGather(Edge edge) {
    this.edge = edge;
    this.peers = new Peers(edge);
  }

  /** True when the request asks for this instance's local data only. */
  public static boolean localOnly(Context ctx) {
    return ctx.header(Peers.LOCAL_ONLY) != null;
  }

  public List<JsonNode> gather(Context ctx, ThrowingSupplier<JsonNode> local) throws Exception {
    if (localOnly(ctx)) {
      return List.of(local.get());
    }
    if (edge.streams() == null) {
      throw new StoreUnavailable("this instance does not run the topology (ROLES)");
    }
    long deadline = System.nanoTime() + LocalStores.RETRY_FOR.toNanos();
    while (true) {
      List<JsonNode> answers = attempt(ctx, local);
      if (answers != null) {
        return answers;
      }
      if (System.nanoTime() > deadline) {
        throw new StoreUnavailable();
      }
      LocalStores.pause();
    }
  }

  private List<JsonNode> attempt(Context ctx, ThrowingSupplier<JsonNode> local) throws Exception {
    Map<String, Set<Integer>> covered = new HashMap<>();
    List<JsonNode> answers = new ArrayList<>();
    for (StreamsMetadata instance : edge.streams().streams().metadataForAllStreamsClients()) {
      for (TopicPartition tp : instance.topicPartitions()) {
        covered.computeIfAbsent(tp.topic(), t -> new HashSet<>()).add(tp.partition());
      }
      if (peers.isSelf(instance.hostInfo())) {
        answers.add(local.get());
        continue;
      }
      try {
        HttpResponse<String> answer = peers.send(instance.hostInfo(), ctx, Peers.LOCAL_ONLY);
        if (answer.statusCode() != 200) {
          return null;
        }
        answers.add(Json.MAPPER.readTree(answer.body()));
      } catch (IOException e) {
        return null;
      }
    }
    return everyPartitionOwned(covered) ? answers : null;
  }

  /** The state of a partition is answered for only when some instance actively owns it. */
  private boolean everyPartitionOwned(Map<String, Set<Integer>> covered) {
    for (String topic : STATEFUL_INPUTS) {
      int partitions = edge.producer().client().partitionsFor(topic).size();
      if (covered.getOrDefault(topic, Set.of()).size() != partitions) {
        return false;
      }
    }
    return true;
  }
}
