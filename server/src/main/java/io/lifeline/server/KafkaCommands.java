package io.lifeline.server;

import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.replica.ReplicaLookup;
import io.lifeline.ports.Commands;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Commands} on Kafka: the record is acknowledged, then this instance's replica is awaited (the
 * replica indexer completes the wait), so the next ping or read on this instance sees the change.
 */
final class KafkaCommands implements Commands {

  /** The replica follows an acknowledged write within milliseconds; past this, the answer goes out anyway. */
  static final Duration READ_YOUR_WRITES = Duration.ofSeconds(2);

  private final EdgeProducer producer;
  private final ReplicaLookup replica;

  KafkaCommands(EdgeProducer producer, ReplicaLookup replica) {
    this.producer = producer;
    this.replica = replica;
  }

  @Override
  public CompletableFuture<CheckDefinition> save(CheckDefinition definition, String requestId) {
    String uuid = definition.getUuid();
    return producer.send(Topics.HEARTBEAT_CHECKS, uuid, definition, requestId)
        .thenCompose(acked -> replica.awaitApplied(uuid, CheckChanges.version(definition), READ_YOUR_WRITES))
        .thenApply(seen -> definition);
  }

  @Override
  public CompletableFuture<Void> delete(String uuid, String requestId) {
    return producer.send(Topics.HEARTBEAT_CHECKS, uuid, null, requestId)
        .thenCompose(acked -> replica.awaitApplied(uuid, AppliedVersions.DELETED, READ_YOUR_WRITES))
        .thenApply(seen -> null);
  }

  @Override
  public CompletableFuture<Void> ping(Ping ping, String requestId) {
    return producer.send(Topics.HEARTBEAT_PINGS, ping.getCheckUuid(), ping, requestId).thenApply(acked -> null);
  }
}
