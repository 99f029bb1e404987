package io.lifeline.streams;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * A Kafka Streams application of Lifeline: it only says what it computes. {@link StreamsRunner} owns
 * how it runs (configuration, lifecycle, failure), the same way for the server, the tools and the tests.
 */
public interface StreamsApp {

  /** Appended to {@code APPLICATION_ID}; names the app's consumer group, changelog topics and state. */
  String name();

  /** The topology; its wall-clock scans go only as far as {@code progress} says the inputs were read. */
  Topology buildTopology(LogProgress progress);

  /** Settings this app needs beyond the defaults every Lifeline app shares. */
  default Map<String, Object> config() {
    return Map.of();
  }

  /** This app with some of its settings replaced, as a benchmark tries another commit interval. */
  default StreamsApp with(Map<String, Object> overrides) {
    StreamsApp app = this;
    Map<String, Object> config = new HashMap<>(app.config());
    config.putAll(overrides);
    return new StreamsApp() {
      @Override
      public String name() {
        return app.name();
      }

      @Override
      public Topology buildTopology(LogProgress progress) {
        return app.buildTopology(progress);
      }

      @Override
      public Map<String, Object> config() {
        return Map.copyOf(config);
      }
    };
  }
}
