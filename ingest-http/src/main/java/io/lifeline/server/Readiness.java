package io.lifeline.server;

import io.lifeline.topology.StreamsRunner;
import java.util.ArrayList;
import java.util.List;

/** Ready means: Kafka answers, the edge producer has fetched metadata, and the streams and the check replica are RUNNING. */
public final class Readiness {

  public record Status(boolean ready, List<String> waitingFor) {}

  private final String bootstrapServers;
  private volatile boolean kafkaReachable;
  private volatile String kafkaProblem = "not contacted yet";
  private volatile boolean producerConnected;
  private volatile StreamsRunner streams;
  private volatile StreamsRunner replica;

  public Readiness(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  void kafka(boolean reachable, String problem) {
    kafkaReachable = reachable;
    kafkaProblem = problem;
  }

  void producerConnected() {
    producerConnected = true;
  }

  void streams(StreamsRunner runner) {
    streams = runner;
  }

  void replica(StreamsRunner runner) {
    replica = runner;
  }

  public Status status() {
    List<String> waiting = new ArrayList<>();
    if (!kafkaReachable) {
      waiting.add("Kafka at " + bootstrapServers + " (" + kafkaProblem + ")");
    } else if (!producerConnected) {
      waiting.add("edge producer metadata");
    }
    StreamsRunner runner = streams;
    if (runner != null && !runner.isRunning()) {
      waiting.add("Kafka Streams to be RUNNING (now " + runner.state() + ")");
    }
    StreamsRunner checks = replica;
    if (checks != null && !checks.isRunning()) {
      waiting.add("the check replica to be RUNNING (now " + checks.state() + ")");
    }
    return new Status(waiting.isEmpty(), List.copyOf(waiting));
  }
}
