package io.lifeline.delivery;

import io.lifeline.delivery.channel.ChannelSender;
import io.lifeline.delivery.channel.EmailSender;
import io.lifeline.delivery.channel.HttpTransport;
import io.lifeline.delivery.channel.NtfySender;
import io.lifeline.delivery.channel.SlackSender;
import io.lifeline.delivery.channel.TargetGuard;
import io.lifeline.delivery.channel.TelegramSender;
import io.lifeline.delivery.channel.WebhookSender;
import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Deliveries;
import io.lifeline.schemas.ChannelKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of an instance (DESIGN.md section 8): the senders of every channel kind under
 * their resilience policies, the alert sender on {@code heartbeat.alerts}, the batch sender on
 * {@code metering.batches} when {@code BATCH_SINK_URL} is set, and the {@link Deliveries} port the
 * edge uses to check targets and send test messages.
 */
public final class Delivery implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  private final DeliverySettings settings;
  private final String bootstrapServers;
  private final String applicationId;
  private final CheckLookup checks;
  private final ChannelLookup channels;
  private final MeterRegistry meters;
  private final Policies policies;
  private final HttpTransport http;
  private final DeliveryRecorder recorder;
  private final AlertDelivery alerts;
  private final DeliveryService service;
  private final List<Thread> threads = new ArrayList<>();
  private AlertSender alertSender;
  private BatchSender batchSender;

  public Delivery(DeliverySettings settings, String bootstrapServers, String applicationId, CheckLookup checks,
      ChannelLookup channels, MeterRegistry meters) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.checks = checks;
    this.channels = channels;
    this.meters = meters;
    this.policies = new Policies(settings, meters);
    TargetGuard guard = new TargetGuard(settings.allowlist());
    this.http = new HttpTransport(guard, settings.timeout());
    this.recorder = new DeliveryRecorder(bootstrapServers, meters);
    Map<ChannelKind, ChannelSender> senders = Map.of(
        ChannelKind.WEBHOOK, new WebhookSender(http),
        ChannelKind.SLACK, new SlackSender(http),
        ChannelKind.TELEGRAM, new TelegramSender(http, settings.telegramApiBase()),
        ChannelKind.EMAIL, new EmailSender(settings.smtp()),
        ChannelKind.NTFY, new NtfySender(http));
    this.alerts = new AlertDelivery(policies, senders, recorder, meters);
    this.service = new DeliveryService(guard, alerts, settings.publicBaseUrl());
  }

  /** What the edge calls. */
  public Deliveries port() {
    return service;
  }

  /**
   * Starts the senders, each on a thread of its own that first runs {@code awaitReady} (the replica
   * must answer before alerts can find their channels). A sink that the SSRF guard refuses is an
   * {@link IllegalArgumentException}: a setting to fix, not a batch to hold forever.
   */
  public void start(Runnable awaitReady) {
    if (settings.sinkConfigured()) {
      URI sink = URI.create(settings.batchSinkUrl());
      http.guard().refusal(sink).ifPresent(why -> {
        throw new IllegalArgumentException("BATCH_SINK_URL is not allowed: " + why);
      });
      batchSender = new BatchSender(consumer("batches"), policies, http, sink, settings.batchSinkToken(), recorder,
          meters);
      thread("lifeline-batch-sender", awaitReady, batchSender);
      log.info("usage batches go to the billing sink at {}://{}{}", sink.getScheme(), sink.getHost(),
          sink.getPort() < 0 ? "" : ":" + sink.getPort());
    } else {
      log.info("BATCH_SINK_URL is not set: usage batches stay on metering.batches and are sent nowhere");
    }
    alertSender = new AlertSender(consumer("alerts"), checks, channels, alerts, settings.publicBaseUrl());
    thread("lifeline-alert-sender", awaitReady, alertSender);
    if (!settings.smtp().configured()) {
      log.info("SMTP_HOST is not set: email channels cannot send");
    }
  }

  /** Warnings for readiness: they do not make the instance unready. */
  public List<String> warnings() {
    BatchSender sender = batchSender;
    String warning = sender == null ? null : sender.warning();
    return warning == null ? List.of() : List.of(warning);
  }

  private Consumer<String, byte[]> consumer(String what) {
    return new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-delivery-" + what,
        ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-delivery-" + what,
        // Alerts and batches are written in exactly-once transactions: only committed ones are real.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // A new group starts at the beginning: nothing emitted before the first start is skipped.
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
        // A sender that died is noticed, and its partitions handed on, within seconds, as for the streams.
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
        new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void thread(String name, Runnable awaitReady, Runnable body) {
    Thread t = new Thread(() -> {
      awaitReady.run();
      recorder.warm();
      body.run();
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Override
  public void close() {
    if (alertSender != null) {
      alertSender.stop();
    }
    if (batchSender != null) {
      batchSender.stop();
    }
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    policies.close();
    recorder.close();
  }
}
