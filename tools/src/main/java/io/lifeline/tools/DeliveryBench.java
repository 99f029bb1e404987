package io.lifeline.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Alert delivery alone: webhook channels that point at a loopback receiver in this process, then a
 * burst of alerts written straight to {@code heartbeat.alerts}, spread over the channels, each stamped
 * with the time it was written. Measures delivered alerts per second (first write to last arrival) and
 * the latency from an alert's time to its arrival at the receiver, read from the default JSON body.
 * With {@code --rate}, the alerts are written at that pace instead, for the latency of one alert at a time.
 */
@Command(name = "delivery-bench", mixinStandardHelpOptions = true)
public final class DeliveryBench implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--server", required = true) String server;
  @Option(names = "--api-key", required = true) String apiKey;
  @Option(names = "--alerts", defaultValue = "5000") int alerts;
  @Option(names = "--channels", defaultValue = "8") int channels;
  @Option(names = "--timeout", defaultValue = "PT5M") Duration timeout;
  /** Alerts written per second; 0 writes them all at once, so the latency then includes the queue of the burst. */
  @Option(names = "--rate", defaultValue = "0") int rate;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> arrived = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private final AtomicLong lastArrival = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new DeliveryBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    receiver.setExecutor(Executors.newFixedThreadPool(16));
    receiver.createContext("/", exchange -> {
      long now = System.currentTimeMillis();
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      if (arrived.add(body.get("alert_id").asText())) {
        latencies.add(now - Instant.parse(body.get("at").asText()).toEpochMilli());
        lastArrival.accumulateAndGet(now, Math::max);
      } else {
        duplicates.incrementAndGet();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    try {
      List<String> channelIds = new ArrayList<>();
      for (int i = 0; i < channels; i++) {
        channelIds.add(createChannel("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + i));
      }
      long started = System.currentTimeMillis();
      try (KafkaProducer<String, byte[]> producer = BulkProducer.open(bootstrap, new StringSerializer(),
          new ByteArraySerializer())) {
        for (int i = 0; i < alerts; i++) {
          if (rate > 0) {
            long due = started + i * 1000L / rate;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
              Thread.sleep(wait);
            }
          }
          Alert alert = alert(channelIds.get(i % channels));
          producer.send(new ProducerRecord<>(Topics.HEARTBEAT_ALERTS.name(), alert.getCheckUuid(),
              Topics.HEARTBEAT_ALERTS.valueSerde().serializer().serialize("", alert)));
        }
        producer.flush();
      }
      long written = System.currentTimeMillis();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (arrived.size() < alerts && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      double seconds = Math.max(1, lastArrival.get() - started) / 1000.0;
      System.out.printf("alerts=%d rate=%d channels=%d delivered=%d duplicates=%d write_s=%.2f alerts_per_s=%.0f "
              + "p50_ms=%d p99_ms=%d max_ms=%d%n", alerts, rate, channels, arrived.size(), duplicates.get(),
          (written - started) / 1000.0, arrived.size() / seconds, at(sorted, 0.50), at(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
      return arrived.size() == alerts ? 0 : 1;
    } finally {
      receiver.stop(0);
    }
  }

  private String createChannel(String url) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v3/channels/"))
        .header("X-Api-Key", apiKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + UUID.randomUUID() + "\",\"kind\":\"webhook\","
            + "\"config\":{\"url\":\"" + url + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("cannot create a webhook channel: " + created.statusCode() + " " + created.body());
    }
    return JSON.readTree(created.body()).get("id").asText();
  }

  private Alert alert(String channelId) {
    String uuid = UUID.randomUUID().toString();
    Instant now = Instant.now();
    return Alert.newBuilder().setAlertId(uuid + ":down:" + now.toEpochMilli()).setCheckUuid(uuid)
        .setCheckName("bench").setStatus(AlertStatus.DOWN).setPreviousStatus(CheckStatus.UP)
        .setReason(FlipReason.TIMEOUT).setAt(now).setPingUrl(server + "/ping/" + uuid)
        .setChannels(new ArrayList<>(List.of(channelId))).build();
  }

  private static long at(long[] sorted, double quantile) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
  }
}
