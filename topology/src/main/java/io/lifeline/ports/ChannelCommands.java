package io.lifeline.ports;

import io.lifeline.schemas.ChannelDefinition;
import java.util.concurrent.CompletableFuture;

/**
 * Writes to {@code delivery.channels}. Like {@link Commands}, a future completes only once Kafka
 * acknowledged the record and this instance's {@link ChannelLookup} shows it, and fails with
 * {@link KafkaUnavailable} when Kafka did not take it.
 */
public interface ChannelCommands {

  CompletableFuture<ChannelDefinition> save(ChannelDefinition channel, String requestId);

  CompletableFuture<Void> delete(String id, String requestId);
}
