package io.lifeline.server;

import io.lifeline.http.ReadinessProbe;
import io.lifeline.streams.StreamsRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ready means: Kafka answers, the edge producer has fetched metadata, and every Streams app this
 * instance runs (the monitor, the meter, the check replica, as its roles say) is RUNNING. Delivery
 * adds warnings (batches waiting on the billing sink) that do not make it unready.
 */
final class Readiness implements ReadinessProbe {

  private final String bootstrapServers;
  private final List<StreamsRunner> apps;
  private volatile boolean kafkaReachable;
  private volatile String kafkaProblem = "not contacted yet";
  private volatile boolean producerConnected;
  private final Supplier<List<String>> warnings;

  Readiness(String bootstrapServers, List<StreamsRunner> apps, Supplier<List<String>> warnings) {
    this.bootstrapServers = bootstrapServers;
    this.apps = List.copyOf(apps);
    this.warnings = warnings;
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
    return new Status(waiting.isEmpty(), List.copyOf(waiting), warnings.get());
  }
}
