package io.lifeline.ports;

import io.lifeline.heartbeat.InvalidField;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.DeliveryAttempt;
import java.util.concurrent.CompletableFuture;

/** What the edge asks of delivery: may a channel send where it says, and does it work. */
public interface Deliveries {

  /**
   * Throws {@link InvalidField} naming the config field whose target resolves to a loopback,
   * link-local, private, CGNAT or multicast address that {@code DELIVERY_ALLOWLIST} does not list.
   */
  void checkTargets(ChannelDefinition channel);

  /** Sends a test message through the channel now, once; completes with the attempt, as the delivery log records it. */
  CompletableFuture<DeliveryAttempt> test(ChannelDefinition channel);
}
