package io.lifeline.http.metering;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.lifeline.topology.LifelineTopology;
import io.lifeline.topology.StreamsRunner;
import io.lifeline.topology.StreamsSettings;
import io.lifeline.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Lifeline topology alone in its own JVM, so that a test can kill it with SIGKILL, the way a
 * crash would. Arguments: bootstrap servers, application id, state dir, window, grace. Prints
 * {@value #RUNNING} once the streams are RUNNING.
 */
public final class StreamsProcess {

  static final String RUNNING = "LIFELINE-STREAMS-RUNNING";

  private StreamsProcess() {}

  public static void main(String[] args) throws InterruptedException {
    TopologySettings settings = new TopologySettings("http://localhost", Duration.ofMillis(200),
        Duration.parse(args[3]), Duration.parse(args[4]), Duration.ofDays(7), new SimpleMeterRegistry());
    StreamsRunner runner = new StreamsRunner(LifelineTopology.buildTopology(settings),
        StreamsSettings.properties(args[1], args[0], Path.of(args[2]), "localhost:1", 1), e -> System.exit(1));
    runner.streams().setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        System.out.println(RUNNING);
        System.out.flush();
      }
    });
    runner.start();
    new CountDownLatch(1).await();
  }
}
