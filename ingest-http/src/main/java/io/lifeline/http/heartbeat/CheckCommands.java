package io.lifeline.http.heartbeat;

import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.RequestIds;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Commands become {@link CheckDefinition} records on {@code heartbeat.checks} (a tombstone for a
 * delete). Each waits for Kafka's acknowledgement, then, bounded, for the local replica and, where
 * this instance owns the check, for the monitor's state to show it, so the answer and the next
 * ping on this instance already see the change.
 */
final class CheckCommands {

  private final Edge edge;
  private final Replica replica;
  private final HeartbeatState state;
  private final String pingKey;

  CheckCommands(Edge edge, Replica replica, HeartbeatState state, String pingKey) {
    this.edge = edge;
    this.replica = replica;
    this.state = state;
    this.pingKey = pingKey;
  }

  CheckDefinition create(CheckSpec spec, Context ctx) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CheckDefinition.Builder b = CheckDefinition.newBuilder()
        .setUuid(UUID.randomUUID().toString())
        .setPingKey(pingKey)
        .setCreatedAt(now)
        .setUpdatedAt(now);
    return write(spec.applyTo(b).build(), ctx);
  }

  CheckDefinition update(CheckDefinition existing, CheckSpec spec, Context ctx) {
    return write(spec.applyTo(CheckDefinition.newBuilder(existing)).setUpdatedAt(nextUpdate(existing)).build(), ctx);
  }

  CheckDefinition pause(CheckDefinition existing, Context ctx) {
    Instant at = nextUpdate(existing);
    return write(CheckDefinition.newBuilder(existing).setPausedAt(at).setUpdatedAt(at).build(), ctx);
  }

  CheckDefinition resume(CheckDefinition existing, Context ctx) {
    Instant at = nextUpdate(existing);
    return write(CheckDefinition.newBuilder(existing).setResumedAt(at).setUpdatedAt(at).build(), ctx);
  }

  void delete(CheckDefinition existing, Context ctx) {
    send(existing.getUuid(), null, ctx);
    replica.await(existing.getUuid(), seen -> seen.isEmpty());
    if (state.ownsLocally(existing.getUuid())) {
      Waits.until(Replica.READ_YOUR_WRITES, () -> state.state(existing.getUuid()).isEmpty());
    }
  }

  /** A check created by name only, as {@code ?create=1} on a slug ping URL does. */
  CheckDefinition provision(String slug, Context ctx) {
    CheckSpec spec = new CheckSpec();
    spec.name = slug;
    spec.slug = slug;
    return create(spec, ctx);
  }

  CheckDefinition write(CheckDefinition definition, Context ctx) {
    String uuid = definition.getUuid();
    send(uuid, definition, ctx);
    replica.await(uuid, seen -> seen.map(d -> d.getUpdatedAt().equals(definition.getUpdatedAt())).orElse(false));
    if (state.ownsLocally(uuid)) {
      Waits.until(Replica.READ_YOUR_WRITES, () -> state.state(uuid)
          .map(s -> s.getDefinition() != null && Objects.equals(s.getDefinition().getUpdatedAt(),
              definition.getUpdatedAt()))
          .orElse(false));
    }
    return definition;
  }

  private void send(String uuid, CheckDefinition definition, Context ctx) {
    edge.producer().sendAndWait(Topics.HEARTBEAT_CHECKS, uuid, definition, RequestIds.kafkaHeaders(ctx));
  }

  /** Strictly after the last update, so a reader can tell this write from the one before it. */
  private static Instant nextUpdate(CheckDefinition existing) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant previous = existing.getUpdatedAt();
    return now.isAfter(previous) ? now : previous.plusMillis(1);
  }
}
