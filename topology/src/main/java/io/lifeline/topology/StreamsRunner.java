package io.lifeline.topology;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of the Kafka Streams runtime: an uncaught error stops the client rather than
 * limping on, the state feeds readiness, an ERROR state is handed to the owner as fatal, and close
 * is bounded.
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  private final KafkaStreams streams;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public StreamsRunner(Topology topology, Properties config, Consumer<Throwable> onFatal) {
    this.streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread failed; stopping the streams client", e);
      failure.compareAndSet(null, e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      log.info("streams state {} -> {}", before, now);
      if (now == State.ERROR) {
        Throwable cause = failure.get() != null ? failure.get() : new IllegalStateException("streams entered ERROR");
        onFatal.accept(cause);
      }
    });
  }

  public void start() {
    streams.start();
  }

  public State state() {
    return streams.state();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean isRunning() {
    return streams.state() == State.RUNNING;
  }

  public void close(Duration timeout) {
    if (!streams.close(CloseOptions.timeout(timeout))) {
      log.warn("streams did not close within {}", timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
