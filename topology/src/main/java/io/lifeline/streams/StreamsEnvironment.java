package io.lifeline.streams;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where Lifeline's apps run and what they share: the cluster, the application id prefix, the state
 * directory, the host:port peers use for interactive queries, and the defaults every app starts from
 * (exactly-once, poison records to the DLQ).
 */
public record StreamsEnvironment(
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    String applicationServer,
    int replication,
    int standbyReplicas,
    MeterRegistry meters) {

  /** The application id (and consumer group) of {@code app}. */
  public String applicationId(StreamsApp app) {
    return applicationId + "-" + app.name();
  }

  /** The configuration of {@code app}: the shared defaults, then what the app sets itself. */
  public Properties properties(StreamsApp app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(app));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    if (applicationServer != null) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
      // Static membership: a restarted instance takes its own tasks back at once. A dynamic member that
      // stopped cleanly stays in its group until its session times out, and the next start waited for that.
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId(app) + "-"
          + applicationServer.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(DeadLetterHandler.METER_REGISTRY_CONFIG, meters);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Keep a rebalance after a restart short so queries are not unanswered for long.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    for (Map.Entry<String, Object> e : app.config().entrySet()) {
      p.put(e.getKey(), e.getValue());
    }
    return p;
  }
}
