package io.lifeline.server;

import io.lifeline.heartbeat.replica.ReplicaChannels;
import io.lifeline.ports.ChannelCommands;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import java.util.concurrent.CompletableFuture;

/** {@link ChannelCommands} on Kafka: acknowledged, then awaited on this instance's channel replica, as checks are. */
final class KafkaChannelCommands implements ChannelCommands {

  private final EdgeProducer producer;
  private final ReplicaChannels replica;

  KafkaChannelCommands(EdgeProducer producer, ReplicaChannels replica) {
    this.producer = producer;
    this.replica = replica;
  }

  @Override
  public CompletableFuture<ChannelDefinition> save(ChannelDefinition channel, String requestId) {
    return producer.send(Topics.DELIVERY_CHANNELS, channel.getId(), channel, requestId)
        .thenCompose(acked -> replica.awaitApplied(channel.getId(), channel.getUpdatedAt().toEpochMilli(),
            KafkaCommands.READ_YOUR_WRITES))
        .thenApply(seen -> channel);
  }

  @Override
  public CompletableFuture<Void> delete(String id, String requestId) {
    return producer.send(Topics.DELIVERY_CHANNELS, id, null, requestId)
        .thenCompose(acked -> replica.awaitApplied(id, AppliedVersions.DELETED, KafkaCommands.READ_YOUR_WRITES))
        .thenApply(seen -> null);
  }
}
