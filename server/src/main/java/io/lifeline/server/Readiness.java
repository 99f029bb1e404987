package io.lifeline.server;

import io.lifeline.http.ReadinessProbe;
import io.lifeline.streams.StreamsRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready means: Kafka answers, the edge producer has fetched metadata, and every Streams app this
 * instance runs (the monitor, the meter, the check replica, as its roles say) is RUNNING.
 */
final class Readiness implements ReadinessProbe {

  private final String bootstrapServers;
  private final List<StreamsRunner> apps;
  private volatile boolean kafkaReachable;
  private volatile String kafkaProblem = "not contacted yet";
  private volatile boolean producerConnected;

  Readiness(String bootstrapServers, List<StreamsRunner> apps) {
    this.bootstrapServers = bootstrapServers;
    this.apps = List.copyOf(apps);
  }

  void kafka(boolean reachable, String problem) {
    kafkaReachable = reachable;
    kafkaProblem = problem;
  }

  void producerConnected() {
    producerConnected = true;
  }

  @Override
  public Status status() {
    List<String> waiting = new ArrayList<>();
    if (!kafkaReachable) {
      waiting.add("Kafka at " + bootstrapServers + " (" + kafkaProblem + ")");
    } else if (!producerConnected) {
      waiting.add("edge producer metadata");
    }
    for (StreamsRunner app : apps) {
      if (!app.isRunning()) {
        waiting.add("the " + app.name() + " app to be RUNNING (now " + app.state() + ")");
      }
    }
    return new Status(waiting.isEmpty(), List.copyOf(waiting));
  }
}
