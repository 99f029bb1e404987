package io.lifeline.it.heartbeat;

import static io.lifeline.it.heartbeat.Api.RO;
import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The heartbeat API contract over real HTTP against a real broker. */
class HeartbeatApiIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final String PING_KEY = "testpingkey";

  static TestInstance lifeline;
  static Api api;

  @BeforeAll
  static void start() {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of("PING_BODY_LIMIT", "16",
        "LIFELINE_PING_KEY", PING_KEY, "DEADLINE_CHECK_INTERVAL", "PT0.2S"));
    api = new Api(lifeline);
  }

  @AfterAll
  static void stop() {
    lifeline.close();
  }

  @Test
  void createPingAndReadBackWithHealthchecksFields() {
    JsonNode created = api.create("{\"name\":\"backup\",\"tags\":\"prod db\",\"timeout\":3600,\"grace\":60}");
    String uuid = created.get("uuid").asText();
    assertThat(created.get("status").asText()).isEqualTo("new");
    assertThat(created.get("ping_url").asText()).endsWith("/ping/" + uuid);
    assertThat(created.get("update_url").asText()).endsWith("/api/v3/checks/" + uuid);
    assertThat(created.get("timeout").asLong()).isEqualTo(3600);
    assertThat(created.get("tags").asText()).isEqualTo("prod db");

    HttpResponse<String> ping = api.get("/ping/" + uuid, null);
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("OK");
    assertThat(ping.headers().firstValue("Ping-Body-Limit")).contains("16");
    assertThat(ping.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

    JsonNode up = api.poll("/api/v3/checks/" + uuid, Duration.ofSeconds(10), c -> c.get("n_pings").asInt() == 1);
    assertThat(up.get("status").asText()).isEqualTo("up");
    assertThat(up.get("last_ping").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
    assertThat(up.get("next_ping").isNull()).isFalse();

    JsonNode v1 = json(api.get("/api/v1/checks/" + uuid, RW));
    assertThat(v1.get("update_url").asText()).endsWith("/api/v1/checks/" + uuid);

    JsonNode pings = json(api.get("/api/v3/checks/" + uuid + "/pings/", RW));
    assertThat(pings.get("pings")).singleElement().satisfies(p -> {
      assertThat(p.get("type").asText()).isEqualTo("success");
      assertThat(p.get("n").asInt()).isEqualTo(1);
      assertThat(p.get("method").asText()).isEqualTo("GET");
    });
    JsonNode flips = json(api.get("/api/v3/checks/" + uuid + "/flips/", RO));
    assertThat(flips.get("flips")).singleElement().satisfies(f -> assertThat(f.get("up").asInt()).isEqualTo(1));

    JsonNode list = json(api.get("/api/v3/checks/?tag=prod&tag=db", RW));
    assertThat(list.get("checks")).anySatisfy(c -> assertThat(c.get("uuid").asText()).isEqualTo(uuid));
    JsonNode none = json(api.get("/api/v3/checks/?tag=prod&tag=staging", RW));
    assertThat(none.get("checks")).noneSatisfy(c -> assertThat(c.get("uuid").asText()).isEqualTo(uuid));
  }

  @Test
  void keysDecideWhatACallerMaySeeAndDo() {
    String uuid = api.create("{\"name\":\"keys\"}").get("uuid").asText();
    assertThat(api.get("/api/v3/checks/", null).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v3/checks/", "nope").statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v3/checks/", RO, "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v3/checks/", null, "{\"name\":\"via body\",\"api_key\":\"" + RW + "\"}").statusCode())
        .isEqualTo(201);
    assertThat(api.get("/api/v3/checks/" + uuid + "/pings/", RO).statusCode()).isEqualTo(401);

    JsonNode readOnly = json(api.get("/api/v3/checks/" + uuid, RO));
    assertThat(readOnly.has("uuid")).isFalse();
    assertThat(readOnly.has("ping_url")).isFalse();
    assertThat(readOnly.has("update_url")).isFalse();
    assertThat(readOnly.has("pause_url")).isFalse();
    assertThat(readOnly.has("resume_url")).isFalse();
    assertThat(readOnly.has("channels")).isFalse();
    String uniqueKey = readOnly.get("unique_key").asText();
    assertThat(json(api.get("/api/v3/checks/" + uniqueKey, RO)).get("name").asText()).isEqualTo("keys");
    assertThat(json(api.get("/api/v3/checks/", RO)).get("checks")).allSatisfy(c -> assertThat(c.has("uuid")).isFalse());
  }

  @Test
  void pingPathErrorsAndMethods() {
    String uuid = api.create("{\"name\":\"paths\"}").get("uuid").asText();
    assertThat(api.get("/ping/" + uuid + "/256", null).statusCode()).isEqualTo(400);
    assertThat(api.get("/ping/" + uuid + "/-1", null).statusCode()).isEqualTo(400);
    assertThat(api.get("/ping/" + uuid + "?rid=not-a-uuid", null).statusCode()).isEqualTo(400);
    assertThat(api.get("/ping/0b7f3a50-2b0e-4a7c-9d37-0e0cfb8e7c0e", null).statusCode()).isEqualTo(404);
    HttpResponse<String> unknown = api.get("/ping/0b7f3a50-2b0e-4a7c-9d37-0e0cfb8e7c0e", null);
    assertThat(unknown.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(api.send("HEAD", "/ping/" + uuid + "/start", null, null).statusCode()).isEqualTo(200);
    assertThat(api.post("/ping/" + uuid + "/0", null, "all good").statusCode()).isEqualTo(200);
    assertThat(api.get("/ping/" + uuid + "/log", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/ping/" + uuid + "/fail", null).statusCode()).isEqualTo(200);

    HttpResponse<String> asJson = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + "/ping/" + uuid))
        .header("Accept", "application/json").GET().build());
    assertThat(json(asJson).get("ok").asBoolean()).isTrue();
    assertThat(json(asJson).get("name").asText()).isEqualTo("paths");

    JsonNode pings = api.poll("/api/v3/checks/" + uuid + "/pings/", Duration.ofSeconds(3),
        p -> p.get("pings").size() == 5).get("pings");
    assertThat(pings).extracting(p -> p.get("type").asText()).containsExactly("success", "fail", "log", "success", "start");
    assertThat(pings.get(3).get("exitstatus").asInt()).isZero();
    assertThat(pings.get(4).get("method").asText()).isEqualTo("HEAD");
  }

  @Test
  void postOnlyChecksIgnoreOtherMethodsAndBodiesAreCutAtTheLimit() throws Exception {
    String uuid = api.create("{\"name\":\"post only\",\"methods\":\"POST\"}").get("uuid").asText();
    assertThat(api.get("/ping/" + uuid, null).statusCode()).isEqualTo(200);
    assertThat(api.post("/ping/" + uuid, null, "0123456789abcdefXYZ").statusCode()).isEqualTo(200);
    List<Ping> recorded = pingsOf(uuid, 2);
    assertThat(recorded).extracting(Ping::getKind).containsExactly(PingKind.IGNORED, PingKind.SUCCESS);
    assertThat(recorded.get(1).getBody()).isEqualTo("0123456789abcdef");
    JsonNode check = api.poll("/api/v3/checks/" + uuid, Duration.ofSeconds(2), c -> c.get("n_pings").asInt() == 2);
    assertThat(check.get("status").asText()).isEqualTo("up");
  }

  @Test
  void slugUrlsAutoProvisionAndAmbiguity() {
    api.create("{\"name\":\"nightly\",\"slug\":\"nightly\"}");
    assertThat(api.get("/ping/" + PING_KEY + "/nightly", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/ping/" + PING_KEY + "/nightly/start", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/ping/" + PING_KEY + "/unknown-slug", null).statusCode()).isEqualTo(404);
    assertThat(api.get("/ping/wrongkey/nightly?create=1", null).statusCode()).isEqualTo(404);
    assertThat(api.get("/ping/" + PING_KEY + "/fresh-job?create=1", null).statusCode()).isEqualTo(201);
    assertThat(api.get("/ping/" + PING_KEY + "/fresh-job?create=1", null).statusCode()).isEqualTo(200);

    api.create("{\"name\":\"twin a\",\"slug\":\"twin\"}");
    api.create("{\"name\":\"twin b\",\"slug\":\"twin\"}");
    assertThat(api.get("/ping/" + PING_KEY + "/twin", null).statusCode()).isEqualTo(409);
  }

  @Test
  void uniqueMakesCreateAnUpsert() {
    HttpResponse<String> first = api.post("/api/v3/checks/", RW, "{\"name\":\"upsert me\",\"unique\":[\"name\"],\"grace\":120}");
    HttpResponse<String> second = api.post("/api/v3/checks/", RW, "{\"name\":\"upsert me\",\"unique\":[\"name\"],\"grace\":300}");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second).get("uuid").asText()).isEqualTo(json(first).get("uuid").asText());
    assertThat(json(second).get("grace").asLong()).isEqualTo(300);
  }

  @Test
  void pauseResumeUpdateAndDeleteAreSeenAtOnce() {
    String uuid = api.create("{\"name\":\"lifecycle\",\"timeout\":60,\"grace\":60}").get("uuid").asText();
    assertThat(api.get("/ping/" + uuid, null).statusCode()).isEqualTo(200);
    assertThat(api.post("/api/v3/checks/" + uuid + "/resume", RW, "").statusCode()).isEqualTo(409);

    HttpResponse<String> paused = api.post("/api/v3/checks/" + uuid + "/pause", RW, "");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(json(paused).get("status").asText()).isEqualTo("paused");
    assertThat(api.check(uuid).get("status").asText()).isEqualTo("paused");

    HttpResponse<String> resumed = api.post("/api/v3/checks/" + uuid + "/resume", RW, "");
    assertThat(json(resumed).get("status").asText()).isEqualTo("new");

    HttpResponse<String> updated = api.post("/api/v3/checks/" + uuid, RW,
        "{\"schedule\":\"0 9 * * *\",\"tz\":\"Europe/Lisbon\",\"max_runtime\":30,\"realert_every\":3600}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).get("schedule").asText()).isEqualTo("0 9 * * *");
    assertThat(json(updated).get("tz").asText()).isEqualTo("Europe/Lisbon");
    assertThat(json(updated).has("timeout")).isFalse();
    assertThat(json(updated).get("max_runtime").asLong()).isEqualTo(30);
    assertThat(json(updated).get("realert_every").asLong()).isEqualTo(3600);

    HttpResponse<String> deleted = api.send("DELETE", "/api/v3/checks/" + uuid, RW, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(api.get("/ping/" + uuid, null).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v3/checks/" + uuid, RW).statusCode()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v3/checks/" + uuid, RW, null).statusCode()).isEqualTo(404);
  }

  @Test
  void badFieldsAre400NamingTheField() {
    assertField("{\"timeout\":0}", "timeout");
    assertField("{\"timeout\":31536001}", "timeout");
    assertField("{\"grace\":\"60\"}", "grace");
    assertField("{\"timeout\":60.5}", "timeout");
    assertField("{\"schedule\":\"61 * * * *\"}", "schedule");
    assertField("{\"tz\":\"Mars/Olympus\"}", "tz");
    assertField("{\"name\":5}", "name");
    assertField("{\"name\":\"" + "x".repeat(101) + "\"}", "name");
    assertField("{\"slug\":\"Has Spaces\"}", "slug");
    assertField("{\"methods\":\"GET\"}", "methods");
    assertField("{\"manual_resume\":\"yes\"}", "manual_resume");
    assertField("{\"unique\":[\"desc\"]}", "unique");
    assertField("{\"channels\":\"slack\"}", "channels");
    assertField("[1,2]", "body");
    assertField("{not json", "body");
  }

  @Test
  void aDownCheckIsReportedWithItsReasonAndMetered() {
    String uuid = api.create("{\"name\":\"short\",\"timeout\":1,\"grace\":1}").get("uuid").asText();
    api.get("/ping/" + uuid, null);
    JsonNode down = api.poll("/api/v3/checks/" + uuid + "/flips/", Duration.ofSeconds(6),
        f -> f.get("flips").size() == 2);
    assertThat(down.get("flips").get(0).get("to").asText()).isEqualTo("down");
    assertThat(down.get("flips").get(0).get("reason").asText()).isEqualTo("timeout");
    assertThat(json(api.get("/api/v3/checks/" + uuid, RO)).get("status").asText()).isEqualTo("down");
    assertThat(json(api.get("/api/v3/channels/", RW)).get("channels")).isEmpty();
    assertThat(lifeline.get("/metrics").body()).contains("lifeline_pings_received_total")
        .contains("lifeline_alerts_total{status=\"down\"}").contains("lifeline_checks{status=\"down\"}")
        .contains("lifeline_deadline_scan_seconds");
  }

  @Test
  void processFacadeFollowsThePoc() {
    HttpResponse<String> created = api.post("/process/short-lived", RW, "{\"ttl_seconds\":2}");
    assertThat(created.statusCode()).isEqualTo(200);
    String id = json(created).get("processId").asText();
    assertThat(id).startsWith("ShortLivedProcess_");
    assertThat(api.post("/heartbeat/" + id, null, "").statusCode()).isEqualTo(200);
    JsonNode active = api.poll("/heartbeat/active-status", Duration.ofSeconds(2),
        a -> a.findValuesAsText("processId").contains(id));
    assertThat(active.findValuesAsText("processId")).contains(id);
    JsonNode expired = api.poll("/heartbeat/active-status", Duration.ofSeconds(5),
        a -> !a.findValuesAsText("processId").contains(id));
    assertThat(expired.findValuesAsText("processId")).doesNotContain(id);
    assertThat(json(api.get("/heartbeat/status", RO)).findValuesAsText("processId")).contains(id);
    assertThat(api.send("DELETE", "/heartbeat/" + id, RW, null).statusCode()).isEqualTo(200);
    assertThat(api.post("/heartbeat/" + id, null, "").statusCode()).isEqualTo(404);
    assertThat(json(api.post("/process/long-lived", RW, "")).get("processId").asText()).startsWith("LongLivedProcess_");
  }

  @Test
  void fuzzedBadRequestsGet4xxAndWriteNothing() throws Exception {
    String uuid = api.create("{\"name\":\"fuzz target\",\"slug\":\"fuzz-target\"}").get("uuid").asText();
    java.util.Random random = new java.util.Random(42);
    Map<TopicPartition, Long> before = endOffsets();
    List<String> fields = List.of("name", "slug", "tags", "desc", "timeout", "grace", "schedule", "tz",
        "manual_resume", "methods", "channels", "unique", "max_runtime", "realert_every");
    List<String> badValues = List.of("-1", "0", "1e400", "99999999999999999999", "\"\"", "null", "[]", "{}",
        "true", "\"" + "\\u0000".repeat(3) + "\"", "\"" + "z".repeat(20_000) + "\"", "3.5", "\"*/0 * *\"");
    int requests = 0;
    int created = 0;
    for (int i = 0; i < 200; i++) {
      String path = switch (random.nextInt(6)) {
        case 0 -> "/ping/" + java.util.UUID.randomUUID();
        case 1 -> "/ping/" + uuid + "/" + (256 + random.nextInt(100_000));
        case 2 -> "/ping/" + uuid + "/-" + random.nextInt(1000);
        case 3 -> "/ping/" + uuid + "?rid=" + Long.toHexString(random.nextLong());
        case 4 -> "/ping/" + PING_KEY + "/no-such-" + random.nextInt(1000) + (random.nextBoolean() ? "/fail" : "");
        default -> "/ping/wrong-key-" + random.nextInt(1000) + "/fuzz-target?create=1";
      };
      String method = List.of("GET", "POST", "HEAD").get(random.nextInt(3));
      HttpResponse<String> r = api.send(method, path, null, method.equals("POST") ? "x".repeat(random.nextInt(50)) : null);
      assertThat(r.statusCode()).as(method + " " + path).isBetween(400, 499);
      requests++;
    }
    for (int i = 0; i < 200; i++) {
      String body;
      String key = RW;
      switch (random.nextInt(4)) {
        case 0 -> body = "{\"" + fields.get(random.nextInt(fields.size())) + "\":"
            + badValues.get(random.nextInt(badValues.size())) + "}";
        case 1 -> {
          byte[] garbage = new byte[random.nextInt(64)];
          random.nextBytes(garbage);
          body = new String(garbage, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        case 2 -> {
          body = "{\"name\":\"ok\"}";
          key = random.nextBoolean() ? RO : "k" + random.nextInt();
        }
        default -> body = "{\"timeout\":" + (random.nextBoolean() ? -random.nextInt(1000) : 31_536_001 + random.nextInt(1000))
            + ",\"grace\":60}";
      }
      HttpResponse<String> r = api.post(random.nextBoolean() ? "/api/v3/checks/" : "/api/v1/checks/", key, body);
      if (r.statusCode() == 201) {
        // Some generated values are valid (an empty desc, a null max_runtime): a legitimate create, one record.
        created++;
        continue;
      }
      assertThat(r.statusCode()).as(body).isBetween(400, 499);
      requests++;
    }
    assertThat(requests).isGreaterThanOrEqualTo(350);
    Map<TopicPartition, Long> after = endOffsets();
    long checksWritten = 0;
    for (TopicPartition tp : after.keySet()) {
      long written = after.get(tp) - before.get(tp);
      if (tp.topic().equals(Topics.HEARTBEAT_PINGS.name())) {
        assertThat(written).as("no ping written by a 4xx: %s", tp).isZero();
      } else {
        checksWritten += written;
      }
    }
    assertThat(checksWritten).as("only the %d valid creates wrote a definition", created).isEqualTo(created);
  }

  private static Map<TopicPartition, Long> endOffsets() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_PINGS.name())) {
        consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      return consumer.endOffsets(partitions);
    }
  }

  private static void assertField(String body, String field) {
    HttpResponse<String> r = api.post("/api/v3/checks/", RW, body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    assertThat(json(r).get("field").asText()).as(body).isEqualTo(field);
    assertThat(json(r).get("error").asText()).isNotBlank();
  }

  static List<Ping> pingsOf(String uuid, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Ping> found = new ArrayList<>();
    try (KafkaConsumer<String, Ping> consumer = new KafkaConsumer<>(p, Topics.HEARTBEAT_PINGS.keySerde().deserializer(),
        Topics.HEARTBEAT_PINGS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.HEARTBEAT_PINGS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Ping> r : consumer.poll(Duration.ofMillis(200))) {
          if (uuid.equals(r.key())) {
            found.add(r.value());
          }
        }
      }
    }
    return found;
  }
}
