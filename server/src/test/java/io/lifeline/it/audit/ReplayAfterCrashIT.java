package io.lifeline.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.audit.Replay;
import io.lifeline.http.Json;
import io.lifeline.it.ServerProcess;
import io.lifeline.it.metering.TopicReader;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.io.IOException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10 end to end. An edge keeps taking pings, check commands and pulses while the server running
 * the monitor and the meter is killed with SIGKILL, just before check deadlines and window closes fall
 * due, and restarted. The workload mixes pings after their deadline, definitions changed and a check
 * paused mid-stream, duplicate pulses and late ones. Then: the outcomes are the ones the log dictates
 * (1); a replay of the raw logs finds no difference (2); forged output records are exactly what it
 * reports (3). The tests share that one expensive run, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayAfterCrashIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final String BASE_URL = "http://lifeline.test";
  private static final String KEY = "test-rw-key";
  private static final long WINDOW = 2_000;
  private static final long CLOSE_AFTER_END = 1_000;
  /** timeout 2 s + grace 1 s: a check goes down 3 s after its last ping. */
  private static final long DOWN_AFTER = 3_000;
  private static final List<String> SERIES = List.of("acme|cpu|ms", "acme|disk|GB", "globex|cpu|ms");

  private record Sent(String id, String series, BigDecimal amount, Instant occurredAt, long ackedAt) {}

  private static TestInstance edge;
  private static Process streams;
  private static Path stateDir;
  private static final Map<String, String> names = new HashMap<>();
  private static final List<Sent> onTime = new CopyOnWriteArrayList<>();
  private static final List<Sent> late = new CopyOnWriteArrayList<>();
  private static final Map<String, List<Long>> pingAcks = new ConcurrentHashMap<>();
  private static long killedAt;
  private static long readyAgainAt;
  private static long stoppedAt;

  @BeforeAll
  static void runTheWorkloadAcrossACrash() throws Exception {
    stateDir = Files.createTempDirectory("lifeline-crash-state");
    edge = TestInstance.start(KAFKA.bootstrapServers(), settings(Map.of("ROLES", "edge")));
    streams = startStreams();

    for (String name : List.of("missed-1", "missed-2", "saved-1", "saved-2", "late-ping", "changed", "paused")) {
      long timeout = name.equals("changed") ? 60 : 2;
      names.put(name, create("{\"name\":\"" + name + "\",\"timeout\":" + timeout + ",\"grace\":1}"));
      ping(name);
    }
    Sender sender = new Sender();
    Thread sending = new Thread(sender, "crash-it-sender");
    sending.start();
    Thread.sleep(1_500);

    ServerProcess.kill(streams);
    killedAt = System.currentTimeMillis();
    post("/api/v3/checks/" + names.get("changed"), "{\"timeout\":2,\"grace\":1}");
    post("/api/v3/checks/" + names.get("paused") + "/pause", "");
    backlog();
    Thread.sleep(Math.max(0, killedAt + DOWN_AFTER + 500 - System.currentTimeMillis()));
    streams = startStreams();
    readyAgainAt = System.currentTimeMillis();

    ping("missed-1");
    ping("missed-2");
    ping("paused");
    ping("late-ping");
    Thread.sleep(DOWN_AFTER + 1_500);
    ping("late-ping");
    Thread.sleep(500);
    sender.running.set(false);
    sending.join();
    stoppedAt = System.currentTimeMillis();

    awaitCommitted(Topics.HEARTBEAT_FLIPS, flips -> of(flips, names.get("late-ping")).size() == 5);
    long lastWindowClose = onTime.stream().mapToLong(s -> closeOf(s.occurredAt())).max().orElseThrow();
    awaitCommitted(Topics.METERING_BATCHES, batches -> batches.stream().anyMatch(b -> b.getKind() == BatchKind.FINAL
        && closeOf(b.getWindowStart()) == lastWindowClose));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (streams != null) {
      ServerProcess.kill(streams);
    }
    if (edge != null) {
      edge.close();
    }
  }

  @Test
  @Order(1)
  void theOutcomeIsWhatTheLogSaysWhateverTheCrash() {
    List<Flip> flips = committed(Topics.HEARTBEAT_FLIPS);
    List<Alert> alerts = committed(Topics.HEARTBEAT_ALERTS);
    Map<String, List<Long>> pingTimes = new HashMap<>();
    TopicReader.readAll(KAFKA.bootstrapServers(), Topics.HEARTBEAT_PINGS).forEach(r ->
        pingTimes.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.timestamp()));

    for (String name : List.of("missed-1", "missed-2")) {
      String uuid = names.get(name);
      List<Long> pinged = pingTimes.get(uuid);
      long deadline = pinged.get(0) + DOWN_AFTER;
      assertThat(deadline).as("%s: its deadline passed while the monitor was down", name)
          .isBetween(killedAt, readyAgainAt);
      assertThat(of(flips, uuid)).as("%s: DOWN at the deadline, then UP at the first ping after the restart", name)
          .startsWith("NEW>UP@" + pinged.get(0), "UP>DOWN@" + deadline, "DOWN>UP@" + pinged.get(1));
      assertThat(alerts).filteredOn(a -> a.getCheckUuid().equals(uuid))
          .extracting(a -> a.getStatus() + "@" + a.getAt().toEpochMilli())
          .startsWith("DOWN@" + deadline, "UP@" + pinged.get(1));
    }

    String latePing = names.get("late-ping");
    List<Long> pinged = pingTimes.get(latePing);
    assertThat(of(flips, latePing)).as("a check pinged after its deadlines, before and after the restart")
        .startsWith("NEW>UP@" + pinged.get(0), "UP>DOWN@" + (pinged.get(0) + DOWN_AFTER), "DOWN>UP@" + pinged.get(1),
            "UP>DOWN@" + (pinged.get(1) + DOWN_AFTER), "DOWN>UP@" + pinged.get(2));

    for (String name : List.of("saved-1", "saved-2")) {
      String uuid = names.get(name);
      assertThat(pingAcks.get(uuid)).as("%s was pinged, and acked, while the monitor was down", name)
          .anyMatch(t -> t > killedAt && t < readyAgainAt);
      assertThat(flips).as("%s: every ping was acked before its deadline, so no DOWN while it was pinged", name)
          .filteredOn(f -> f.getCheckUuid().equals(uuid) && f.getTo() == CheckStatus.DOWN)
          .allSatisfy(f -> assertThat(f.getAt().toEpochMilli()).isGreaterThan(stoppedAt));
    }

    Map<String, BigDecimal> finals = new TreeMap<>();
    Map<String, Long> finalCounts = new TreeMap<>();
    Map<String, BigDecimal> corrections = new TreeMap<>();
    for (UsageBatch b : committed(Topics.METERING_BATCHES)) {
      String window = b.getTenant() + "|" + b.getSku() + "|" + b.getUnit() + "@" + b.getWindowStart().toEpochMilli();
      if (b.getKind() == BatchKind.FINAL) {
        assertThat(finals.put(window, b.getTotal())).as("one FINAL per window").isNull();
        finalCounts.put(window, b.getCount());
      } else {
        corrections.merge(b.getTenant() + "|" + b.getSku() + "|" + b.getUnit(), b.getTotal(), BigDecimal::add);
      }
    }
    Map<String, List<Sent>> byWindow = new TreeMap<>();
    onTime.forEach(s -> byWindow.computeIfAbsent(s.series() + "@" + windowOf(s.occurredAt()), k -> new ArrayList<>())
        .add(s));
    int closedInTheOutage = 0;
    for (Map.Entry<String, List<Sent>> w : byWindow.entrySet()) {
      long close = closeOf(w.getValue().get(0).occurredAt());
      BigDecimal sum = w.getValue().stream().map(Sent::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(w.getValue()).as("%s: every pulse acked before the close", w.getKey())
          .allSatisfy(s -> assertThat(s.ackedAt()).isLessThan(close));
      assertThat(finals.get(w.getKey())).as("%s: every pulse received before the close is in its FINAL", w.getKey())
          .isEqualByComparingTo(sum);
      assertThat(finalCounts.get(w.getKey())).isEqualTo(w.getValue().size());
      closedInTheOutage += close > killedAt && close < readyAgainAt ? 1 : 0;
    }
    assertThat(closedInTheOutage).as("windows that closed while the meter was down").isGreaterThanOrEqualTo(3);
    Map<String, BigDecimal> lateBySeries = new TreeMap<>();
    late.forEach(s -> lateBySeries.merge(s.series(), s.amount(), BigDecimal::add));
    assertThat(corrections.keySet()).isEqualTo(lateBySeries.keySet());
    lateBySeries.forEach((series, sum) -> assertThat(corrections.get(series)).as(series).isEqualByComparingTo(sum));
  }

  @Test
  @Order(2)
  void aReplayOfTheRawLogsFindsNoDifference() throws Exception {
    JsonNode metering = replay(0, "metering", "--window", "PT2S", "--grace", "PT1S");
    assertThat(compared(metering, "batches")).as("batches compared").isGreaterThan(20);
    assertThat(compared(metering, "late pulses")).as("late pulses compared").isGreaterThanOrEqualTo(5);

    JsonNode heartbeat = replay(0, "heartbeat", "--public-base-url", BASE_URL);
    assertThat(compared(heartbeat, "flips")).as("flips compared").isGreaterThanOrEqualTo(15);
    assertThat(compared(heartbeat, "alerts")).isGreaterThanOrEqualTo(8);
  }

  @Test
  @Order(3)
  void forgedOutputRecordsAreExactlyWhatTheReplayReports() throws Exception {
    UsageBatch genuine = committed(Topics.METERING_BATCHES).stream().filter(b -> b.getKind() == BatchKind.FINAL)
        .findFirst().orElseThrow();
    UsageBatch forgedBatch = UsageBatch.newBuilder(genuine).setTotal(genuine.getTotal().add(BigDecimal.ONE)).build();
    String saved = names.get("saved-1");
    Flip forgedFlip = Flip.newBuilder().setCheckUuid(saved).setFrom(CheckStatus.UP).setTo(CheckStatus.DOWN)
        .setReason(FlipReason.TIMEOUT).setAt(Instant.ofEpochMilli(killedAt)).build();
    try (var batches = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()),
        Topics.METERING_BATCHES.keySerde().serializer(), Topics.METERING_BATCHES.valueSerde().serializer());
        var flips = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()),
        Topics.HEARTBEAT_FLIPS.keySerde().serializer(), Topics.HEARTBEAT_FLIPS.valueSerde().serializer())) {
      batches.send(new ProducerRecord<>(Topics.METERING_BATCHES.name(), genuine.getBatchId(), forgedBatch)).get();
      flips.send(new ProducerRecord<>(Topics.HEARTBEAT_FLIPS.name(), saved, forgedFlip)).get();
    }

    JsonNode metering = replay(1, "metering", "--window", "PT2S", "--grace", "PT1S");
    assertThat(metering.get("differencesTotal").asLong()).isEqualTo(1);
    assertThat(metering.get("differences")).singleElement().satisfies(d -> {
      assertThat(d.get("kind").asText()).isEqualTo("extra");
      assertThat(d.get("category").asText()).isEqualTo("batches");
      assertThat(d.get("key").asText()).isEqualTo(genuine.getBatchId());
      assertThat(d.get("emitted").get("total").decimalValue()).isEqualByComparingTo(forgedBatch.getTotal());
    });

    JsonNode heartbeat = replay(1, "heartbeat", "--public-base-url", BASE_URL);
    assertThat(heartbeat.get("differencesTotal").asLong()).isEqualTo(1);
    assertThat(heartbeat.get("differences")).singleElement().satisfies(d -> {
      assertThat(d.get("kind").asText()).isEqualTo("extra");
      assertThat(d.get("category").asText()).isEqualTo("flips");
      assertThat(d.get("key").asText()).isEqualTo(saved + "|" + Instant.ofEpochMilli(killedAt) + "|UP>DOWN");
    });
  }

  /**
   * A backlog that takes the restarted server a while to read, so that its first scans come before
   * the pings and pulses received in time: the saved checks pinged a thousand times, and thousands of
   * pulses for the windows about to close.
   */
  private static void backlog() {
    for (int i = 0; i < 600; i++) {
      ping("saved-1");
      ping("saved-2");
    }
    Random random = new Random(7);
    for (int request = 0; request < 4; request++) {
      StringBuilder ndjson = new StringBuilder();
      List<Sent> batch = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < 5_000; i++) {
        Sent pulse = new Sent("b" + request + "-" + i, SERIES.get(random.nextInt(SERIES.size())),
            new BigDecimal("0.00" + (1 + random.nextInt(9))), now, 0);
        batch.add(pulse);
        ndjson.append(Sender.line(pulse));
      }
      HttpResponse<String> answer = edge.send(HttpRequest.newBuilder(URI.create(edge.base() + "/api/v1/pulses"))
          .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()))
          .build());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      long acked = System.currentTimeMillis();
      batch.forEach(p -> onTime.add(new Sent(p.id(), p.series(), p.amount(), p.occurredAt(), acked)));
    }
  }

  /** Runs {@code scripts/replay}'s command line in this JVM; asserts its exit status; returns its JSON report. */
  private static JsonNode replay(int exitStatus, String... args) throws IOException {
    Path report = Files.createTempFile("replay", ".json");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap", KAFKA.bootstrapServers(), "--json", report.toString(), "--no-progress"));
    int status = Replay.run(all.toArray(String[]::new));
    JsonNode json = Json.MAPPER.readTree(report.toFile());
    assertThat(status).as("exit status of replay %s, with %s differences", args[0], json.get("differencesTotal"))
        .isEqualTo(exitStatus);
    assertThat(json.get("differencesTotal").asLong()).isEqualTo(json.get("differences").size());
    return json;
  }

  private static long compared(JsonNode report, String category) {
    for (JsonNode c : report.get("compared")) {
      if (c.get("category").asText().equals(category)) {
        assertThat(c.get("equal").asLong()).as(category + " equal").isLessThanOrEqualTo(c.get("records").asLong());
        return c.get("records").asLong();
      }
    }
    throw new AssertionError("no " + category + " in " + report);
  }

  /** Pulses every 200 ms over three series, a fifth sent twice, some late; the saved checks pinged every 600 ms. */
  private static final class Sender implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    private final Random random = new Random(10);
    private int n;

    @Override
    public void run() {
      List<Sent> sentOnce = new ArrayList<>();
      long nextPing = 0;
      while (running.get()) {
        StringBuilder ndjson = new StringBuilder();
        List<Sent> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 12; i++) {
          String series = SERIES.get(random.nextInt(SERIES.size()));
          Sent pulse = new Sent("p" + n++, series, new BigDecimal("0." + (1 + random.nextInt(999))), now, 0);
          batch.add(pulse);
          ndjson.append(line(pulse));
          if (!sentOnce.isEmpty() && random.nextInt(5) == 0) {
            ndjson.append(line(sentOnce.get(random.nextInt(sentOnce.size()))));
          }
        }
        Sent latePulse = n % 60 < 12 ? new Sent("late" + n, SERIES.get(n % SERIES.size()), new BigDecimal("7.5"),
            now.minusSeconds(20), 0) : null;
        if (latePulse != null) {
          ndjson.append(line(latePulse));
        }
        HttpResponse<String> answer = edge.send(HttpRequest.newBuilder(URI.create(edge.base() + "/api/v1/pulses"))
            .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()))
            .build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        long acked = System.currentTimeMillis();
        batch.forEach(p -> onTime.add(new Sent(p.id(), p.series(), p.amount(), p.occurredAt(), acked)));
        sentOnce.addAll(batch);
        if (latePulse != null) {
          late.add(latePulse);
        }
        if (acked >= nextPing) {
          ping("saved-1");
          ping("saved-2");
          nextPing = acked + 600;
        }
        sleep(200);
      }
    }

    private static String line(Sent p) {
      String[] k = p.series().split("\\|");
      return "{\"id\":\"" + p.id() + "\",\"tenant\":\"" + k[0] + "\",\"sku\":\"" + k[1] + "\",\"unit\":\"" + k[2]
          + "\",\"amount\":\"" + p.amount().toPlainString() + "\",\"timestamp\":\"" + p.occurredAt() + "\"}\n";
    }
  }

  private static Map<String, String> settings(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(Map.of("METERING_WINDOW", "PT2S", "METERING_GRACE", "PT1S",
        "PUBLIC_BASE_URL", BASE_URL, "INGEST_RATE_LIMIT", "0", "APPLICATION_ID", "crash-it",
        // Scans soon after the restart, while the backlog is still being read.
        "DEADLINE_CHECK_INTERVAL", "PT0.2S"));
    env.putAll(more);
    return env;
  }

  private static Process startStreams() throws Exception {
    return ServerProcess.start(TestInstance.env(KAFKA.bootstrapServers(),
        settings(Map.of("ROLES", "streams", "STATE_DIR", stateDir.toString()))));
  }

  private static String create(String json) {
    HttpResponse<String> r = post("/api/v3/checks/", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    try {
      return Json.MAPPER.readTree(r.body()).get("ping_url").asText().replaceAll(".*/", "");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> post(String path, String json) {
    HttpResponse<String> r = edge.send(HttpRequest.newBuilder(URI.create(edge.base() + path)).header("X-Api-Key", KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isLessThan(300);
    return r;
  }

  private static void ping(String name) {
    String uuid = names.get(name);
    HttpResponse<String> r = edge.get("/ping/" + uuid);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    pingAcks.computeIfAbsent(uuid, k -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
  }

  private static <V> List<V> committed(io.lifeline.schemas.Topic<String, V> topic) {
    return TopicReader.readAll(KAFKA.bootstrapServers(), topic).stream().map(ConsumerRecord::value).toList();
  }

  private static <V> void awaitCommitted(io.lifeline.schemas.Topic<String, V> topic, Predicate<List<V>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.test(committed(topic))) {
      assertThat(System.nanoTime()).as("%s settled within 30 s", topic).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private static List<String> of(List<Flip> flips, String uuid) {
    return flips.stream().filter(f -> f.getCheckUuid().equals(uuid))
        .map(f -> f.getFrom() + ">" + f.getTo() + "@" + f.getAt().toEpochMilli()).toList();
  }

  private static long windowOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), WINDOW) * WINDOW;
  }

  private static long closeOf(Instant at) {
    return windowOf(at) + WINDOW + CLOSE_AFTER_END;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
