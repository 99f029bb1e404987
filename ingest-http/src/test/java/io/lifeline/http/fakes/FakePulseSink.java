package io.lifeline.http.fakes;

import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.ports.PulseSink;
import io.lifeline.schemas.Pulse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code metering.pulses} in memory; while Kafka is down, nothing is written and every send fails. */
public final class FakePulseSink implements PulseSink {

  public final List<Pulse> written = new ArrayList<>();
  private volatile boolean kafkaDown;

  public void kafkaDown(boolean down) {
    kafkaDown = down;
  }

  @Override
  public synchronized CompletableFuture<Void> send(List<Pulse> pulses, String requestId) {
    if (kafkaDown) {
      return CompletableFuture.failedFuture(new KafkaUnavailable("broker down"));
    }
    written.addAll(pulses);
    return CompletableFuture.completedFuture(null);
  }
}
