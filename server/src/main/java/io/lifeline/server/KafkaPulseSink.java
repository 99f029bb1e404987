package io.lifeline.server;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.ports.PulseSink;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link PulseSink} on Kafka: each pulse keyed by its series, so duplicates meet on one partition. */
final class KafkaPulseSink implements PulseSink {

  private final EdgeProducer producer;

  KafkaPulseSink(EdgeProducer producer) {
    this.producer = producer;
  }

  @Override
  public CompletableFuture<Void> send(List<Pulse> pulses, String requestId) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[pulses.size()];
    for (int i = 0; i < acks.length; i++) {
      Pulse p = pulses.get(i);
      acks[i] = producer.send(Topics.METERING_PULSES, MeteringKeys.series(p.getTenant(), p.getSku(), p.getUnit()),
          p, requestId);
    }
    return CompletableFuture.allOf(acks);
  }
}
