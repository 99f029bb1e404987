package io.lifeline.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import io.lifeline.it.metering.TopicReader;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.testkit.Receiver;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches reach billing: every FINAL and CORRECTION batch is POSTed to the sink once, in order, with
 * its Idempotency-Key, even when the sink is down for a while first; meanwhile readiness warns and
 * the lag shows, and nothing is skipped. Windows of 2 s keep it short: the sink is down for several
 * seconds, long enough for its circuit to open and for batches to pile up behind it.
 */
class BatchSinkIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Receiver SINK = Receiver.start();
  private static final List<String> ACCEPTED = new ArrayList<>();
  private static volatile boolean sinkDown = true;
  private static final List<String> TENANTS = List.of("acme", "globex", "initech");

  static TestInstance lifeline;

  @BeforeAll
  static void start() {
    SINK.answer(request -> {
      if (sinkDown) {
        return 503;
      }
      synchronized (ACCEPTED) {
        ACCEPTED.add(request.header("Idempotency-Key"));
      }
      return 200;
    });
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.ofEntries(
        Map.entry("METERING_WINDOW", "PT2S"),
        Map.entry("METERING_GRACE", "PT1S"),
        Map.entry("DEADLINE_CHECK_INTERVAL", "PT0.2S"),
        Map.entry("INGEST_RATE_LIMIT", "0"),
        Map.entry("BATCH_SINK_URL", SINK.url("/billing/batches")),
        Map.entry("BATCH_SINK_TOKEN", "sink-secret"),
        Map.entry("DELIVERY_ALLOWLIST", "127.0.0.1/32"),
        Map.entry("DELIVERY_RETRY_BACKOFF", "PT0.1S"),
        Map.entry("DELIVERY_RETRY_BACKOFF_MAX", "PT0.5S"),
        Map.entry("DELIVERY_BREAKER_OPEN", "PT1S")));
  }

  @AfterAll
  static void stop() {
    lifeline.close();
    SINK.close();
  }

  @Test
  void everyFinalAndCorrectionBatchReachesTheSinkOnceInOrderAfterTheSinkWasDown() throws Exception {
    pulses("acme|cpu|ms", "0.10", "0.20");
    pulses("globex|disk|GB", "1.5");
    pulses("initech|api|req", "3");
    List<UsageBatch> finals = await(b -> b.getKind() == BatchKind.FINAL, 3);
    UsageBatch first = finals.get(0);
    post(line("late-1", first.getTenant() + "|" + first.getSku() + "|" + first.getUnit(), "0.05",
        first.getWindowStart().plusMillis(10)));
    await(b -> b.getKind() == BatchKind.CORRECTION, 1);
    pulses("acme|cpu|ms", "0.7");

    assertThat(SINK.await(r -> true, 3, WAIT)).as("the sink was tried while down").hasSizeGreaterThanOrEqualTo(3);
    HttpResponse<String> ready = lifeline.get("/health/ready");
    assertThat(ready.statusCode()).as("a sink that is down is a warning, not unreadiness").isEqualTo(200);
    assertThat(Json.MAPPER.readTree(ready.body()).get("warnings").toString()).contains("billing sink", "waiting");
    assertThat(lifeline.get("/metrics").body()).containsPattern("lifeline_delivery_sink_lag\\S* [1-9]");
    assertThat(ACCEPTED).isEmpty();
    List<JsonNode> waiting = pollBatches(all -> all.stream().anyMatch(b -> b.at("/delivery/attempts").asInt() >= 1));
    assertThat(waiting).extracting(b -> b.at("/delivery/status").asText()).containsOnly("pending");
    assertThat(waiting.stream().map(b -> b.get("delivery")).filter(d -> d.get("attempts").asInt() >= 1))
        .allSatisfy(d -> {
          assertThat(d.get("httpStatus").isNull() ? "circuit open, not sent" : d.get("httpStatus").asText())
              .as("the sink's answer, or none while the circuit is open").isIn("503", "circuit open, not sent");
          assertThat(Instant.parse(d.get("at").asText())).isAfter(first.getWindowEnd());
        });

    sinkDown = false;
    List<ConsumerRecord<String, UsageBatch>> emitted = awaitAllAccepted(5);
    List<String> accepted;
    synchronized (ACCEPTED) {
      accepted = List.copyOf(ACCEPTED);
    }
    assertThat(accepted).as("each batch once").doesNotHaveDuplicates();
    assertThat(accepted).containsExactlyInAnyOrderElementsOf(emitted.stream().map(r -> r.value().getBatchId()).toList());
    Map<Integer, List<String>> byPartition = new TreeMap<>();
    emitted.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value().getBatchId()));
    byPartition.forEach((partition, ids) -> assertThat(accepted.stream().filter(ids::contains).toList())
        .as("partition %d in offset order", partition).containsExactlyElementsOf(ids));

    Receiver.Request sample = SINK.requests().stream()
        .filter(r -> first.getBatchId().equals(r.header("Idempotency-Key"))).reduce((a, b) -> b).orElseThrow();
    assertThat(sample.header("Authorization")).isEqualTo("Bearer sink-secret");
    assertThat(sample.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = Json.MAPPER.readTree(sample.body());
    assertThat(body.get("batchId").asText()).isEqualTo(first.getBatchId());
    assertThat(body.get("kind").asText()).isEqualTo("FINAL");
    assertThat(new BigDecimal(body.get("total").asText())).isEqualByComparingTo(first.getTotal());
    assertThat(body.get("windowStart").asText()).isEqualTo(first.getWindowStart().toString());

    List<JsonNode> delivered = pollBatches(all -> all.size() == emitted.size()
        && all.stream().allMatch(b -> b.at("/delivery/status").asText().equals("delivered")));
    assertThat(delivered).extracting(b -> b.at("/delivery/httpStatus").asInt()).containsOnly(200);
    assertThat(delivered).extracting(b -> b.at("/delivery/attempts").asInt())
        .as("a batch tried while the sink was down counts those attempts").anyMatch(n -> n >= 2);
    assertThat(delivered).extracting(b -> b.get("kind").asText()).contains("FINAL", "CORRECTION");

    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode health = Json.MAPPER.readTree(lifeline.get("/health/ready").body());
    while (health.path("warnings").toString().contains("billing sink") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      health = Json.MAPPER.readTree(lifeline.get("/health/ready").body());
    }
    assertThat(health.path("warnings").toString()).as("no sink warning once the sink took everything")
        .doesNotContain("billing sink");
  }

  /** The batches lists of the test's tenants, once they satisfy {@code done}. */
  private static List<JsonNode> pollBatches(Predicate<List<JsonNode>> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<JsonNode> all = List.of();
    while (System.nanoTime() < deadline) {
      all = new ArrayList<>();
      for (String tenant : TENANTS) {
        HttpResponse<String> answer = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base()
            + "/api/v1/usage/batches?tenant=" + tenant + "&from=" + Instant.now().minus(Duration.ofHours(1))))
            .header("X-Api-Key", "test-ro-key").GET().build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Json.MAPPER.readTree(answer.body()).get("batches").forEach(all::add);
      }
      if (done.test(all)) {
        return all;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the batches lists did not get there within " + WAIT + ": " + all);
  }

  private static void pulses(String key, String... amounts) {
    StringBuilder body = new StringBuilder();
    for (String amount : amounts) {
      body.append(line(java.util.UUID.randomUUID().toString(), key, amount, Instant.now()));
    }
    post(body.toString());
  }

  private static String line(String id, String key, String amount, Instant at) {
    String[] parts = key.split("\\|");
    return "{\"id\":\"" + id + "\",\"tenant\":\"" + parts[0] + "\",\"sku\":\"" + parts[1] + "\",\"unit\":\""
        + parts[2] + "\",\"amount\":" + amount + ",\"timestamp\":\"" + at + "\"}\n";
  }

  private static void post(String ndjson) {
    HttpResponse<String> answer = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + "/api/v1/pulses"))
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
  }

  private static List<ConsumerRecord<String, UsageBatch>> batches() {
    return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.METERING_BATCHES);
  }

  private static List<UsageBatch> await(Predicate<UsageBatch> which, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<UsageBatch> found = batches().stream().map(ConsumerRecord::value).filter(which).toList();
      if (found.size() >= atLeast) {
        return found;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("fewer than " + atLeast + " matching batches within " + WAIT);
  }

  /** The emitted batches once the sink has accepted every one of them (at least {@code atLeast}). */
  private static List<ConsumerRecord<String, UsageBatch>> awaitAllAccepted(int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<ConsumerRecord<String, UsageBatch>> emitted = batches();
    while (System.nanoTime() < deadline) {
      emitted = batches();
      List<String> ids = emitted.stream().map(r -> r.value().getBatchId()).toList();
      synchronized (ACCEPTED) {
        if (ids.size() >= atLeast && ACCEPTED.containsAll(ids)) {
          return emitted;
        }
      }
      Thread.sleep(200);
    }
    return emitted;
  }
}
