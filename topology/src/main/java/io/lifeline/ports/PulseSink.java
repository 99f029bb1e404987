package io.lifeline.ports;

import io.lifeline.schemas.Pulse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes pulses to {@code metering.pulses}: completes once Kafka acknowledged every one of them. */
public interface PulseSink {

  CompletableFuture<Void> send(List<Pulse> pulses, String requestId);
}
