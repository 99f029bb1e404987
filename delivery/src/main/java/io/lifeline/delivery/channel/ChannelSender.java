package io.lifeline.delivery.channel;

import io.lifeline.schemas.ChannelDefinition;

/**
 * Sends one notice through one channel of its kind, once, blocking the calling (bulkhead) thread.
 * It never throws: whatever happened is the {@link Outcome}. Retries, circuit breakers and
 * bulkheads are around it, not in it.
 */
public interface ChannelSender {

  Outcome send(ChannelDefinition channel, Notice notice);
}
