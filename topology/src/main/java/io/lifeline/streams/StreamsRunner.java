package io.lifeline.streams;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link StreamsApp}, the one way every Lifeline process runs Kafka Streams: the topology is
 * described in the log at start; its scans see how far the inputs were read through a
 * {@link LogEndWatcher}; an uncaught error stops the client rather than limping on; reaching ERROR is
 * handed to the owner as fatal and rethrown to whoever awaits the app; close is bounded.
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  private final String name;
  private final Topology topology;
  private final KafkaStreams streams;
  private final RestoreLog restores;
  private final LogEndWatcher inputs;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private volatile Throwable failure;
  private volatile Throwable fatal;

  public StreamsRunner(StreamsApp app, StreamsEnvironment environment, Consumer<Throwable> onFatal) {
    this.name = app.name();
    this.inputs = new LogEndWatcher(environment.bootstrapServers(), environment.applicationId(app));
    this.topology = app.buildTopology(inputs);
    this.streams = new KafkaStreams(topology, environment.properties(app));
    this.restores = new RestoreLog(name);
    streams.setGlobalStateRestoreListener(restores);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("{}: stream thread failed; stopping the streams client", name, e);
      failure = e;
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      log.info("{}: streams state {} -> {}", name, before, now);
      if (now == State.RUNNING) {
        running.complete(null);
      } else if (now == State.ERROR) {
        Throwable cause = failure != null ? failure : new IllegalStateException(name + " entered ERROR");
        fatal = cause;
        running.completeExceptionally(cause);
        onFatal.accept(cause);
      }
    });
  }

  public void start() {
    log.info("{}: starting\n{}", name, topology.describe());
    streams.start();
  }

  /** Blocks until the app is RUNNING; rethrows what made it fail, before or since. */
  public void awaitRunning(Duration bound) throws TimeoutException, InterruptedException {
    try {
      running.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed", e.getCause());
    }
    if (fatal != null) {
      throw new IllegalStateException(name + " failed", fatal);
    }
  }

  public String name() {
    return name;
  }

  public State state() {
    return streams.state();
  }

  public boolean isRunning() {
    return streams.state() == State.RUNNING;
  }

  /** Records restored from changelogs since this runner started: 0 after a clean stop. */
  public long restoredRecords() {
    return restores.restoredRecords();
  }

  /** The client, for interactive queries and metrics. */
  public KafkaStreams streams() {
    return streams;
  }

  public void close(Duration timeout) {
    if (!streams.close(CloseOptions.timeout(timeout))) {
      log.warn("{}: streams did not close within {}", name, timeout);
    }
    inputs.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
