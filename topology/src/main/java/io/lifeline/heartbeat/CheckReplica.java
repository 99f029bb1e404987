package io.lifeline.heartbeat;

import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.topology.StreamsRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The edge's replica of every check definition: a Kafka Streams app of its own whose topology is
 * one global store on {@code heartbeat.checks}. It is separate from the main topology because a
 * topic cannot be both a global-store source and a stream source of one topology, and the monitor
 * consumes the checks as a stream. Every edge instance holds the whole replica, so a ping is
 * answered without asking another instance.
 */
public final class CheckReplica implements AutoCloseable {

  private final StreamsRunner runner;
  private volatile CheckDirectory directory;

  public CheckReplica(String applicationId, String bootstrapServers, Path stateDir, Consumer<Throwable> onFatal) {
    this.runner = new StreamsRunner(topology(), properties(applicationId, bootstrapServers, stateDir), onFatal);
  }

  public static Topology topology() {
    Topology topology = new Topology();
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHECK_REPLICA),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        "heartbeat-check-replica-source",
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.HEARTBEAT_CHECKS.name(),
        "heartbeat-check-replica-indexer",
        ReplicaIndexer::new);
    return topology;
  }

  static Properties properties(String applicationId, String bootstrapServers, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId + "-replica");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("replica").toString());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Only committed definitions: an aborted write must not make a check appear at the edge.
    p.put(StreamsConfig.globalConsumerPrefix("isolation.level"), "read_committed");
    p.put(StreamsConfig.globalConsumerPrefix("fetch.max.wait.ms"), 50);
    return p;
  }

  public void start() {
    runner.start();
  }

  public StreamsRunner runner() {
    return runner;
  }

  public boolean isRunning() {
    return runner.isRunning();
  }

  /** Lookups in the replica; throws while the replica is not RUNNING yet. */
  public CheckDirectory directory() {
    CheckDirectory d = directory;
    if (d == null) {
      ReadOnlyKeyValueStore<String, byte[]> store = runner.streams().store(
          StoreQueryParameters.fromNameAndType(StoreNames.CHECK_REPLICA, QueryableStoreTypes.keyValueStore()));
      d = new CheckDirectory(store);
      directory = d;
    }
    return d;
  }

  public void close(Duration timeout) {
    runner.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
