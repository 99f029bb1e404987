package io.lifeline.server;

import io.javalin.Javalin;
import io.lifeline.http.Edge;
import io.lifeline.http.EdgeProducer;
import io.lifeline.http.HttpApp;
import io.lifeline.heartbeat.CheckReplica;
import io.lifeline.schemas.Topics;
import io.lifeline.topology.DeadLetterHandler;
import io.lifeline.topology.LifelineTopology;
import io.lifeline.topology.StreamsRunner;
import io.lifeline.topology.StreamsSettings;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lifeline instance: the HTTP edge, its producer and, unless the roles say otherwise, the
 * Kafka Streams topology in the same JVM. Tests start it the way {@link LifelineServer} does.
 */
public final class Lifeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Lifeline.class);

  private final ServerConfig config;
  private final PrometheusMeterRegistry metrics;
  private final EdgeProducer producer;
  private final Admin admin;
  private final StreamsRunner streams;
  private final CheckReplica replica;
  private final Readiness readiness;
  private final ScheduledExecutorService background;
  private Javalin http;

  private Lifeline(ServerConfig config, Consumer<Throwable> onFatal) {
    this.config = config;
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The topology's domain counters are on the global registry; this instance's /metrics shows them.
    this.readiness = new Readiness(config.bootstrapServers());
    this.producer = new EdgeProducer(config.bootstrapServers());
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "lifeline-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    this.streams = config.runs(ServerConfig.Role.STREAMS)
        ? new StreamsRunner(LifelineTopology.buildTopology(config.topologySettings(metrics)), streamsProperties(), onFatal)
        : null;
    readiness.streams(streams);
    this.replica = config.runs(ServerConfig.Role.EDGE)
        ? new CheckReplica(config.applicationId(), config.bootstrapServers(), config.stateDir(), onFatal)
        : null;
    readiness.replica(replica == null ? null : replica.runner());
    this.background = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "lifeline-background");
      t.setDaemon(true);
      return t;
    });
    bindMetrics();
  }

  private Properties streamsProperties() {
    Properties properties = StreamsSettings.properties(config.applicationId(), config.bootstrapServers(),
        config.stateDir(), config.advertisedHost() + ":" + config.httpPort(), config.topicReplication());
    properties.put(DeadLetterHandler.METER_REGISTRY_CONFIG, metrics);
    return properties;
  }

  /** Starts an instance; a port in use or an unwritable directory is a {@link StartupFailure}. */
  public static Lifeline start(ServerConfig config, Consumer<Throwable> onFatal) {
    ensureWritable("STATE_DIR", config.stateDir());
    ensureWritable("DATA_DIR", config.dataDir());
    Lifeline lifeline = new Lifeline(config, onFatal);
    try {
      lifeline.startHttp();
    } catch (RuntimeException e) {
      lifeline.close();
      throw e;
    }
    lifeline.background.execute(new KafkaBootstrap(config, lifeline.admin, lifeline.readiness,
        lifeline::warmProducer, lifeline.runners()));
    lifeline.background.scheduleWithFixedDelay(
        new KafkaProbe(lifeline.admin, lifeline.readiness, config.bootstrapServers()), 5, 5, TimeUnit.SECONDS);
    return lifeline;
  }

  private void startHttp() {
    Edge edge = new Edge(config, producer, metrics, readiness, streams, replica);
    http = HttpApp.create(edge);
    try {
      http.start();
    } catch (RuntimeException e) {
      if (KafkaBootstrap.rootMessage(e).contains("BindException")) {
        throw new StartupFailure("HTTP_PORT " + config.httpPort() + " on " + config.httpHost()
            + " is already in use; stop the other process or set HTTP_PORT");
      }
      throw e;
    }
    log.info("HTTP edge listening on {}:{}", config.httpHost(), port());
  }

  /** Fetching the metadata of a topic the edge writes makes the first acknowledged write fast. */
  private void warmProducer() {
    producer.client().partitionsFor(Topics.HEARTBEAT_PINGS.name());
  }

  private List<StreamsRunner> runners() {
    List<StreamsRunner> runners = new ArrayList<>();
    if (replica != null) {
      runners.add(replica.runner());
    }
    if (streams != null) {
      runners.add(streams);
    }
    return runners;
  }

  public int port() {
    return http.port();
  }

  public Readiness readiness() {
    return readiness;
  }

  public StreamsRunner streams() {
    return streams;
  }

  /** Stop accepting, flush what was accepted, then close the streams within a bound. */
  @Override
  public void close() {
    if (http != null) {
      http.stop();
    }
    background.shutdownNow();
    producer.flush();
    producer.close();
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (replica != null) {
      replica.close(Duration.ofSeconds(10));
    }
    admin.close(Duration.ofSeconds(5));
    metrics.close();
    log.info("Lifeline stopped");
  }

  private void bindMetrics() {
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new KafkaClientMetrics(producer.client()).bindTo(metrics);
    if (streams != null) {
      new KafkaStreamsMetrics(streams.streams()).bindTo(metrics);
    }
  }

  private static void ensureWritable(String variable, Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new StartupFailure(variable + " " + dir.toAbsolutePath() + " is not writable: " + e.getMessage());
    }
  }
}
