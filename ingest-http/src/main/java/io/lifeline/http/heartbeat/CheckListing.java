package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lifeline.http.Json;
import io.lifeline.http.query.ScatterGather;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.internal.CheckState;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lists and stats across instances: definitions come from the local replica, states from every
 * instance's local store (scatter-gather). A peer's local-only answer carries its states as
 * Avro single-object bytes, so no field is lost or reinterpreted on the way.
 */
final class CheckListing {

  /** A definition with its state, which is null while the monitor has not seen the check yet. */
  record Entry(CheckDefinition definition, CheckState state) {}

  private static final AvroSerde<CheckState> SERDE = new AvroSerde<>(CheckState.class);

  private final Replica replica;
  private final HeartbeatState local;
  private final ScatterGather scatter;

  CheckListing(Replica replica, HeartbeatState local, ScatterGather scatter) {
    this.replica = replica;
    this.local = local;
    this.scatter = scatter;
  }

  /**
   * The checks that pass {@code filter}, oldest first; empty when this request was a peer's
   * local-only request, which has then been answered with this instance's states.
   */
  Optional<List<Entry>> list(Context ctx, Predicate<CheckDefinition> filter) throws Exception {
    List<JsonNode> answers = scatter.gather(ctx, this::localStates);
    if (ScatterGather.localOnly(ctx)) {
      ctx.json(answers.get(0));
      return Optional.empty();
    }
    Map<String, CheckState> states = new HashMap<>();
    for (JsonNode answer : answers) {
      for (JsonNode encoded : answer.path("states")) {
        CheckState s = SERDE.decode(Base64.getDecoder().decode(encoded.asText()));
        states.put(s.getUuid(), s);
      }
    }
    List<Entry> entries = new ArrayList<>();
    replica.directory().forEach(d -> {
      if (filter.test(d)) {
        entries.add(new Entry(d, states.get(d.getUuid())));
      }
    });
    entries.sort(Comparator.comparing((Entry e) -> e.definition().getCreatedAt())
        .thenComparing(e -> e.definition().getUuid()));
    return Optional.of(entries);
  }

  private JsonNode localStates() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    ArrayNode states = json.putArray("states");
    Base64.Encoder base64 = Base64.getEncoder();
    for (CheckState s : local.all()) {
      states.add(base64.encodeToString(SERDE.encode(s)));
    }
    return json;
  }
}
