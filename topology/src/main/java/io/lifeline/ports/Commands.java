package io.lifeline.ports;

import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import java.util.concurrent.CompletableFuture;

/**
 * Writes to the heartbeat log. Every future completes only once Kafka acknowledged the record, and
 * fails with {@link KafkaUnavailable} when it did not; {@code requestId} travels as a record header.
 */
public interface Commands {

  /** Writes a definition; completes once this instance's {@link CheckLookup} shows that version. */
  CompletableFuture<CheckDefinition> save(CheckDefinition definition, String requestId);

  /** Writes the tombstone of a check; completes once this instance's {@link CheckLookup} no longer has it. */
  CompletableFuture<Void> delete(String uuid, String requestId);

  CompletableFuture<Void> ping(Ping ping, String requestId);
}
