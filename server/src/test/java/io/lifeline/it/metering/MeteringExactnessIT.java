package io.lifeline.it.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * THE EXACTNESS TEST (issue 4): thousands of pulses with duplicates and late ones, the streams
 * process killed with SIGKILL half-way and restarted with its state wiped; then every key's FINAL
 * plus CORRECTION totals equal the sum of its distinct accepted pulses to the last digit, and
 * every batch id is unique.
 */
class MeteringExactnessIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final String APPLICATION_ID = "lifeline-exactness";
  private static final List<String> KEYS = List.of("acme|cpu|ms", "acme|disk|GB", "globex|cpu|ms",
      "globex|net:egress|MB", "initech|api.calls|req", "initech|disk|GB");

  private final Random random = new Random(42);
  private final Map<String, BigDecimal> expected = new TreeMap<>();
  private final Map<String, String> sent = new HashMap<>();
  private TestInstance edge;

  @Test
  void finalPlusCorrectionsEqualDistinctAcceptedPulsesAcrossACrash() throws Exception {
    edge = TestInstance.start(KAFKA.bootstrapServers(), Map.of("ROLES", "edge", "INGEST_RATE_LIMIT", "0"));
    Process first = startStreams();
    try {
      sendPhase("a", 1500);
    } finally {
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    sendPhase("b", 1500);
    Process second = startStreams();
    try {
      List<UsageBatch> finals = awaitBatches(b -> b.getKind() == BatchKind.FINAL, 3);
      sendLate(finals);
      Map<String, BigDecimal> billed = awaitBilledTotals();
      List<UsageBatch> batches = committedBatches();

      assertThat(billed).as("FINAL + CORRECTION per key == distinct accepted pulses per key").isEqualTo(expected);
      assertThat(batches).extracting(UsageBatch::getBatchId).doesNotHaveDuplicates();
      assertThat(batches).filteredOn(b -> b.getKind() == BatchKind.CORRECTION).hasSizeGreaterThanOrEqualTo(5);
      assertThat(sent).hasSizeGreaterThan(3000);
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      edge.close();
    }
  }

  /** {@code distinct} new pulses in NDJSON batches of 100, about 20% of them sent twice, some across phases. */
  private void sendPhase(String phase, int distinct) {
    List<String> ids = new ArrayList<>(sent.keySet());
    for (int batch = 0; batch < distinct / 100; batch++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        String id = phase + "-" + batch + "-" + i;
        String key = KEYS.get(random.nextInt(KEYS.size()));
        String amount = "0." + (1 + random.nextInt(9)) + (random.nextBoolean() ? "" : String.valueOf(random.nextInt(10)));
        body.append(line(id, key, amount, Instant.now()));
        record(id, key, amount);
        if (random.nextInt(10) < 2) {
          body.append(line(id, key, amount, Instant.now()));
        }
      }
      for (int d = 0; d < 5 && !ids.isEmpty(); d++) {
        String id = ids.get(random.nextInt(ids.size()));
        String[] keyAndAmount = sent.get(id).split(" ");
        body.append(line(id, keyAndAmount[0], keyAndAmount[1], Instant.now()));
      }
      post(body.toString());
    }
  }

  /** Late pulses into windows already final, and one of them twice. */
  private void sendLate(List<UsageBatch> finals) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      UsageBatch window = finals.get(i % finals.size());
      String key = window.getTenant() + "|" + window.getSku() + "|" + window.getUnit();
      String id = "late-" + i;
      String amount = "0.0" + (i + 1);
      Instant at = window.getWindowStart().plusMillis(100 + i);
      body.append(line(id, key, amount, at));
      record(id, key, amount);
      if (i == 0) {
        body.append(line(id, key, amount, at));
      }
    }
    post(body.toString());
  }

  private void record(String id, String key, String amount) {
    if (sent.putIfAbsent(id, key + " " + amount) == null) {
      expected.merge(key, new BigDecimal(amount), (a, b) -> a.add(b).stripTrailingZeros());
    }
  }

  private static String line(String id, String key, String amount, Instant at) {
    String[] parts = key.split("\\|");
    return "{\"id\":\"" + id + "\",\"tenant\":\"" + parts[0] + "\",\"sku\":\"" + parts[1] + "\",\"unit\":\""
        + parts[2] + "\",\"amount\":" + amount + ",\"timestamp\":\"" + at + "\"}\n";
  }

  private void post(String ndjson) {
    HttpResponse<String> answer = edge.send(HttpRequest.newBuilder(URI.create(edge.base() + "/api/v1/pulses"))
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
  }

  private Map<String, BigDecimal> awaitBilledTotals() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    Map<String, BigDecimal> billed = Map.of();
    while (System.nanoTime() < deadline) {
      billed = totals(committedBatches());
      if (billed.equals(expected) && committedBatches().stream().filter(b -> b.getKind() == BatchKind.CORRECTION)
          .count() >= 5) {
        return billed;
      }
      Thread.sleep(500);
    }
    return billed;
  }

  private static List<UsageBatch> awaitBatches(java.util.function.Predicate<UsageBatch> which, int atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (System.nanoTime() < deadline) {
      List<UsageBatch> found = committedBatches().stream().filter(which).toList();
      if (found.size() >= atLeast) {
        return found;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("fewer than " + atLeast + " matching batches within 45 s");
  }

  private static Map<String, BigDecimal> totals(List<UsageBatch> batches) {
    Map<String, BigDecimal> totals = new TreeMap<>();
    batches.forEach(b -> totals.merge(b.getTenant() + "|" + b.getSku() + "|" + b.getUnit(),
        b.getTotal().stripTrailingZeros(), BigDecimal::add));
    totals.replaceAll((k, v) -> v.stripTrailingZeros());
    return totals;
  }

  private static List<UsageBatch> committedBatches() {
    return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.METERING_BATCHES).stream()
        .map(ConsumerRecord::value).toList();
  }

  private Process startStreams() throws IOException, InterruptedException {
    Path stateDir = Files.createTempDirectory("lifeline-exactness-state");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        StreamsProcess.class.getName(), KAFKA.bootstrapServers(), APPLICATION_ID, stateDir.toString(), "PT2S", "PT1S")
        .redirectErrorStream(true).start();
    CountDownLatch running = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.contains(StreamsProcess.RUNNING)) {
            running.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      }
    }, "streams-process-output");
    reader.setDaemon(true);
    reader.start();
    if (!running.await(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the streams process was not RUNNING within 60 s");
    }
    return process;
  }

}
