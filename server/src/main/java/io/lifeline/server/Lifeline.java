package io.lifeline.server;

import io.javalin.Javalin;
import io.lifeline.delivery.Delivery;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.heartbeat.replica.CheckReplicaApp;
import io.lifeline.heartbeat.replica.ReplicaChannels;
import io.lifeline.heartbeat.replica.ReplicaLookup;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiKeys;
import io.lifeline.http.HealthRoutes;
import io.lifeline.http.HttpApp;
import io.lifeline.http.ReadinessProbe;
import io.lifeline.http.RouteGroup;
import io.lifeline.http.delivery.ChannelRoutes;
import io.lifeline.http.docs.ApiDocsRoutes;
import io.lifeline.http.heartbeat.BadgeRoutes;
import io.lifeline.http.heartbeat.EventRoutes;
import io.lifeline.http.heartbeat.ManagementRoutes;
import io.lifeline.http.heartbeat.PingRoutes;
import io.lifeline.http.heartbeat.ProcessRoutes;
import io.lifeline.http.heartbeat.SchedulePreviewRoutes;
import io.lifeline.http.internal.InternalStateRoutes;
import io.lifeline.http.metering.IngestRoutes;
import io.lifeline.http.metering.UsageRoutes;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.ports.StateQueries;
import io.lifeline.query.KafkaStateQueries;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.StreamsApp;
import io.lifeline.streams.StreamsEnvironment;
import io.lifeline.streams.StreamsRunner;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lifeline instance, wired by its roles: {@code streams} runs the heartbeat monitor and the usage
 * meter and serves their state to peers; {@code edge} runs the check replica and serves the public
 * API over real ports (Kafka writes, the replica, {@link KafkaStateQueries}); {@code delivery} sends
 * alerts to their channels and batches to the billing sink (it needs the replica too). This is the one place
 * that knows every module. Tests start it the way {@link LifelineServer} does.
 */
public final class Lifeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Lifeline.class);

  private final ServerConfig config;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EdgeProducer producer;
  private final EdgeProducer pulseProducer;
  private final Admin admin;
  private final List<StreamsRunner> apps = new ArrayList<>();
  private final StateQueries queries;
  private final List<RouteGroup> routes = new ArrayList<>();
  private final Readiness readiness;
  private final ScheduledExecutorService background;
  private final StreamsRunner replica;
  private final Delivery delivery;
  private final KafkaFlipFeed flipFeed;
  private Javalin http;

  private Lifeline(ServerConfig config, Consumer<Throwable> onFatal) {
    this.config = config;
    this.producer = EdgeProducer.forCommands(config.bootstrapServers(), config.ingestAckTimeout());
    this.pulseProducer = EdgeProducer.forPulses(config.bootstrapServers(), config.ingestAckTimeout());
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "lifeline-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    ApiKeys keys = KeyFile.load(config);
    ApiAuth auth = new ApiAuth(keys);
    HostInfo self = new HostInfo(config.advertisedHost(), config.httpPort());
    StreamsEnvironment environment = new StreamsEnvironment(config.bootstrapServers(), config.applicationId(),
        config.stateDir(), self.host() + ":" + self.port(), config.topicReplication(), config.standbyReplicas(), metrics);

    if (config.runs(ServerConfig.Role.STREAMS)) {
      AppliedVersions monitored = new AppliedVersions();
      StreamsRunner monitor = run(new HeartbeatMonitorApp(config.monitorSettings(), metrics, monitored), environment,
          onFatal);
      StreamsRunner meter = run(new UsageMeterApp(config.meteringSettings(), metrics), environment, onFatal);
      queries = new KafkaStateQueries(self, keys.readOnly(), monitor, monitored, meter, producer::partitions);
      routes.add(new InternalStateRoutes(queries, auth));
    } else {
      queries = StateQueries.unavailable("this instance does not run the streams role (ROLES)");
    }

    ReplicaLookup checks = null;
    ReplicaChannels channels = null;
    if (config.runs(ServerConfig.Role.EDGE) || config.runs(ServerConfig.Role.DELIVERY)) {
      AppliedVersions replicated = new AppliedVersions();
      AppliedVersions channelsReplicated = new AppliedVersions();
      replica = run(new CheckReplicaApp(replicated, channelsReplicated), environment, onFatal);
      checks = new ReplicaLookup(replica, replicated);
      channels = new ReplicaChannels(replica, channelsReplicated);
      delivery = new Delivery(config.delivery(), config.bootstrapServers(), config.applicationId(), checks, channels,
          metrics);
    } else {
      replica = null;
      delivery = null;
    }

    if (config.runs(ServerConfig.Role.EDGE)) {
      flipFeed = new KafkaFlipFeed(config.bootstrapServers(), config.applicationId());
      KafkaCommands commands = new KafkaCommands(producer, checks);
      CheckChanges changes = new CheckChanges(Clock.systemUTC(), keys.pingKey());
      routes.add(new PingRoutes(checks, commands, changes, config.httpSettings(), metrics));
      routes.add(new ManagementRoutes(checks, channels, commands, queries, changes, auth, config.httpSettings()));
      routes.add(new BadgeRoutes(checks, queries, auth, config.httpSettings(), keys.badgeKey()));
      routes.add(new ChannelRoutes(channels, new KafkaChannelCommands(producer, channels), delivery.port(), checks,
          commands, changes, queries, auth, Clock.systemUTC()));
      routes.add(new ProcessRoutes(checks, commands, queries, changes, auth));
      routes.add(new IngestRoutes(new KafkaPulseSink(pulseProducer), config.httpSettings(), config.ingestKeys(), metrics,
          Clock.systemUTC()));
      routes.add(new UsageRoutes(queries, auth, Clock.systemUTC(), config.delivery().sinkConfigured()));
      routes.add(new EventRoutes(flipFeed, auth));
      routes.add(new SchedulePreviewRoutes(auth, Clock.systemUTC()));
    } else {
      flipFeed = null;
    }

    List<String> configured = warnings(config);
    this.readiness = new Readiness(config.bootstrapServers(), apps, delivery == null ? () -> configured : () -> {
      List<String> now = new ArrayList<>(configured);
      now.addAll(delivery.warnings());
      return now;
    });
    routes.add(0, new HealthRoutes(readiness, metrics));
    routes.add(1, new ApiDocsRoutes(config.httpSettings()));
    this.background = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "lifeline-background");
      t.setDaemon(true);
      return t;
    });
    bindMetrics();
  }

  private StreamsRunner run(StreamsApp app, StreamsEnvironment environment,
      Consumer<Throwable> onFatal) {
    StreamsRunner runner = new StreamsRunner(app, environment, onFatal);
    apps.add(runner);
    return runner;
  }

  /** Starts an instance; a port in use or an unwritable directory is a {@link StartupFailure}. */
  public static Lifeline start(ServerConfig config, Consumer<Throwable> onFatal) {
    ensureWritable("STATE_DIR", config.stateDir());
    ensureWritable("DATA_DIR", config.dataDir());
    Lifeline lifeline = new Lifeline(config, onFatal);
    try {
      lifeline.startHttp();
      lifeline.startDelivery();
      if (lifeline.flipFeed != null) {
        lifeline.flipFeed.start();
      }
    } catch (RuntimeException e) {
      lifeline.close();
      throw e;
    }
    lifeline.background.execute(new KafkaBootstrap(config, lifeline.admin, lifeline.readiness,
        lifeline::warmProducer, lifeline.apps));
    lifeline.background.scheduleWithFixedDelay(
        new KafkaProbe(lifeline.admin, lifeline.readiness, config.bootstrapServers()), 5, 5, TimeUnit.SECONDS);
    return lifeline;
  }

  private void startHttp() {
    http = HttpApp.create(config.httpSettings(), config.httpLimits(), metrics, routes);
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

  /** The senders start once the replica answers, since an alert needs its check and channels. */
  private void startDelivery() {
    if (!config.runs(ServerConfig.Role.DELIVERY)) {
      return;
    }
    try {
      delivery.start(() -> {
        try {
          replica.awaitRunning(Duration.ofDays(365));
        } catch (TimeoutException | InterruptedException e) {
          throw new IllegalStateException("the replica did not start", e);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new StartupFailure(e.getMessage());
    }
  }

  /** Fetching the metadata of a topic the edge writes makes the first acknowledged write fast. */
  private void warmProducer() {
    producer.partitions(Topics.HEARTBEAT_PINGS.name());
    pulseProducer.partitions(Topics.METERING_PULSES.name());
  }

  public int port() {
    return http.port();
  }

  public ReadinessProbe readiness() {
    return readiness;
  }

  /** The Streams apps this instance runs. */
  public List<StreamsRunner> apps() {
    return List.copyOf(apps);
  }

  /** The app of that {@link StreamsApp#name()}, which this instance's roles must run. */
  public StreamsRunner app(String name) {
    return apps.stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("this instance does not run " + name));
  }

  /** Stop accepting, flush what was accepted, then close the streams within a bound. */
  @Override
  public void close() {
    if (http != null) {
      http.stop();
    }
    background.shutdownNow();
    if (flipFeed != null) {
      flipFeed.close();
    }
    if (delivery != null) {
      delivery.close();
    }
    producer.flush();
    pulseProducer.flush();
    producer.close();
    pulseProducer.close();
    if (queries instanceof KafkaStateQueries kafka) {
      kafka.close();
    }
    apps.forEach(app -> app.close(Duration.ofSeconds(30)));
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
    new KafkaClientMetrics(pulseProducer.client()).bindTo(metrics);
    apps.forEach(app -> new KafkaStreamsMetrics(app.streams()).bindTo(metrics));
  }

  /** What an operator should know while the instance runs, said at start and on {@code /health/ready}. */
  private static List<String> warnings(ServerConfig config) {
    if (!config.runs(ServerConfig.Role.EDGE) || !config.ingestKeys().open()) {
      return List.of();
    }
    String open = "ingest is open: INGEST_API_KEYS is not set, so anyone who can reach /ingest, /api/v1/pulses or "
        + "/api/v1/events can send usage for any tenant";
    log.warn(open);
    return List.of(open);
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
