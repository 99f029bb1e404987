package io.lifeline.server;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.ports.PulseSink;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link PulseSink} on Kafka: each pulse keyed by its series, so duplicates meet on one partition. */
final class KafkaPulseSink implements PulseSink {

  private final EdgeProducer producer;

  KafkaPulseSink(EdgeProducer producer) {
    this.producer = producer;
  }

  @Override
  public CompletableFuture<Void> send(List<Pulse> pulses, String requestId) {
    List<Map.Entry<String, Pulse>> records = new ArrayList<>(pulses.size());
    for (Pulse p : pulses) {
      records.add(Map.entry(MeteringKeys.series(p.getTenant(), p.getSku(), p.getUnit()), p));
    }
    return producer.sendAll(Topics.METERING_PULSES, records, requestId);
  }
}
