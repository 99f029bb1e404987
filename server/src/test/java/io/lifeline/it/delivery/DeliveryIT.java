package io.lifeline.it.delivery;

import static io.lifeline.it.heartbeat.Api.RO;
import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.lifeline.it.heartbeat.Api;
import io.lifeline.it.metering.TopicReader;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.testkit.Receiver;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerts reach people: channels made through the API, checks that go down and up, and what the
 * targets receive, over real HTTP to loopback receivers and real SMTP to GreenMail, against a real
 * broker. Retries, dead letters, the bulkhead and the SSRF guard are tested the same way.
 */
class DeliveryIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withPerMethodLifecycle(false);

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Receiver TARGET = Receiver.start();
  /** Per path: how many requests it should fail with the status before it answers 200. */
  private static final Map<String, int[]> FAILURES = new ConcurrentHashMap<>();
  private static final CountDownLatch SLOW_SLACK = new CountDownLatch(1);

  static TestInstance lifeline;
  static Api api;

  @BeforeAll
  static void start() {
    TARGET.answer(DeliveryIT::answer);
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.ofEntries(
        Map.entry("DEADLINE_CHECK_INTERVAL", "PT0.2S"),
        Map.entry("DELIVERY_ALLOWLIST", "127.0.0.1/32"),
        Map.entry("DELIVERY_RETRY_ATTEMPTS", "5"),
        Map.entry("DELIVERY_RETRY_BACKOFF", "PT0.05S"),
        Map.entry("DELIVERY_RETRY_BACKOFF_MAX", "PT0.2S"),
        Map.entry("DELIVERY_BREAKER_OPEN", "PT0.5S"),
        Map.entry("DELIVERY_TIMEOUT", "PT20S"),
        Map.entry("SMTP_HOST", "127.0.0.1"),
        Map.entry("SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort())),
        Map.entry("SMTP_SECURITY", "none"),
        Map.entry("SMTP_FROM", "lifeline@example.org")));
    api = new Api(lifeline);
  }

  @AfterAll
  static void stop() {
    SLOW_SLACK.countDown();
    lifeline.close();
    TARGET.close();
  }

  private static int answer(Receiver.Request request) {
    if (request.path().startsWith("/slow")) {
      try {
        SLOW_SLACK.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 200;
    }
    int[] failures = FAILURES.get(request.path());
    if (failures != null && failures[1]-- > 0) {
      return failures[0];
    }
    return 200;
  }

  private static String channel(String kind, String config) {
    HttpResponse<String> created = api.post("/api/v3/channels/", RW,
        "{\"name\":\"" + kind + "-" + UUID.randomUUID() + "\",\"kind\":\"" + kind + "\",\"config\":" + config + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).get("kind").asText()).isEqualTo(kind);
    return json(created).get("id").asText();
  }

  private static String webhook(String path) {
    return channel("webhook", "{\"url\":\"" + TARGET.url(path) + "\",\"body_down\":\"$NAME is $STATUS\","
        + "\"body_up\":\"$NAME is $STATUS\"}");
  }

  private static List<Receiver.Request> at(String path, int count) {
    return TARGET.await(r -> r.path().equals(path), count, WAIT);
  }

  private static void ping(String uuid, String suffix) {
    assertThat(lifeline.get("/ping/" + uuid + suffix).statusCode()).isEqualTo(200);
  }

  private static JsonNode deliveries(String path, int atLeast) {
    return api.poll(path, WAIT, body -> body.get("deliveries").size() >= atLeast).get("deliveries");
  }

  @Test
  void aWebhookGetsExactlyOneDownAndOneUpMessageAndBothAreInTheDeliveryLog() {
    String channel = webhook("/done-when");
    String uuid = api.create("{\"name\":\"nightly\",\"timeout\":1,\"grace\":1,\"channels\":\"" + channel + "\"}")
        .get("uuid").asText();
    ping(uuid, "");

    List<Receiver.Request> down = at("/done-when", 1);
    assertThat(down).hasSize(1);
    assertThat(down.get(0).body()).isEqualTo("nightly is down");
    ping(uuid, "");
    List<Receiver.Request> both = at("/done-when", 2);
    assertThat(both).extracting(Receiver.Request::body).containsExactly("nightly is down", "nightly is up");
    String downKey = both.get(0).header("Idempotency-Key");
    String upKey = both.get(1).header("Idempotency-Key");
    assertThat(downKey).startsWith(uuid + ":down:");
    assertThat(upKey).startsWith(uuid + ":up:");
    // A channel's alerts go out in order, so no resend of the DOWN can come after the UP arrived.
    assertThat(TARGET.requests()).filteredOn(r -> downKey.equals(r.header("Idempotency-Key"))).hasSize(1);

    JsonNode byCheck = deliveries("/api/v3/checks/" + uuid + "/deliveries", 2);
    assertThat(byCheck).extracting(d -> d.get("event").asText() + " " + d.get("outcome").asText() + " "
        + d.get("delivery_id").asText()).startsWith("up delivered " + upKey, "down delivered " + downKey);
    assertThat(byCheck.get(0).get("http_status").asInt()).isEqualTo(200);
    assertThat(byCheck.get(0).get("channel").asText()).isEqualTo(channel);
    JsonNode byChannel = deliveries("/api/v3/channels/" + channel + "/deliveries", 2);
    assertThat(byChannel).extracting(d -> d.get("delivery_id").asText()).startsWith(upKey, downKey);
    assertThat(json(api.get("/api/v3/checks/" + uuid, RW)).get("channels").asText()).isEqualTo(channel);
  }

  @Test
  void deletingAChannelTakesItOffTheChecksThatNameIt() {
    String kept = webhook("/kept");
    String deleted = webhook("/deleted");
    String both = api.create("{\"name\":\"both\",\"channels\":\"" + kept + "," + deleted + "\"}").get("uuid").asText();
    String only = api.create("{\"name\":\"only\",\"channels\":\"" + deleted + "\"}").get("uuid").asText();

    HttpResponse<String> gone = api.send("DELETE", "/api/v3/channels/" + deleted, RW, null);
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);

    assertThat(json(api.get("/api/v3/checks/" + both, RW)).get("channels").asText()).isEqualTo(kept);
    assertThat(json(api.get("/api/v3/checks/" + only, RW)).get("channels").asText()).isEmpty();
    assertThat(api.get("/api/v3/channels/" + deleted, RW).statusCode()).isEqualTo(404);

    ping(only, "/fail");
    ping(both, "/fail");
    assertThat(at("/kept", 1)).extracting(Receiver.Request::body).containsExactly("both is down");
    assertThat(TARGET.requests()).as("nothing goes to the deleted channel").noneMatch(r -> r.path().equals("/deleted"));
  }

  @Test
  void fiveHundredThreeTimesThenSuccessIsOneDeliveredMessageWithItsRetriesRecorded() {
    FAILURES.put("/flaky", new int[] {500, 3});
    String channel = channel("webhook", "{\"url\":\"" + TARGET.url("/flaky") + "\",\"body_down\":\"$NAME failed: $BODY\"}");
    String uuid = api.create("{\"name\":\"flaky\",\"channels\":\"" + channel + "\"}").get("uuid").asText();
    HttpResponse<String> failed = api.send("POST", "/ping/" + uuid + "/fail", null, "pg_dump: connection refused");
    assertThat(failed.statusCode()).isEqualTo(200);

    List<Receiver.Request> requests = at("/flaky", 4);
    assertThat(requests).hasSize(4);
    assertThat(requests).extracting(Receiver.Request::body).as("the /fail ping's body, through $BODY")
        .containsOnly("flaky failed: pg_dump: connection refused");
    assertThat(requests).extracting(r -> r.header("Idempotency-Key")).containsOnly(requests.get(0).header("Idempotency-Key"));
    JsonNode log = deliveries("/api/v3/checks/" + uuid + "/deliveries", 4);
    assertThat(log).extracting(d -> d.get("attempt").asInt() + " " + d.get("outcome").asText() + " "
        + d.get("http_status").asInt())
        .containsExactly("4 delivered 200", "3 retrying 500", "2 retrying 500", "1 retrying 500");
    assertThat(deadLetters(uuid)).isEmpty();
  }

  @Test
  void aPermanent400IsDeadLetteredAfterOneAttempt() throws Exception {
    FAILURES.put("/gone", new int[] {400, Integer.MAX_VALUE});
    String channel = webhook("/gone");
    String uuid = api.create("{\"name\":\"gone\",\"channels\":\"" + channel + "\"}").get("uuid").asText();
    ping(uuid, "/fail");

    List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(uuid);
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "delivery.channel.id")).isEqualTo(channel);
    assertThat(header(dead.get(0), "delivery.attempts")).isEqualTo("1");
    assertThat(header(dead.get(0), "dlq.error.message")).contains("HTTP 400");
    assertThat(header(dead.get(0), "dlq.source.topic")).isEqualTo(Topics.HEARTBEAT_ALERTS.name());
    assertThat(Topics.HEARTBEAT_ALERTS.valueSerde().deserializer().deserialize("", dead.get(0).value()).getCheckUuid())
        .isEqualTo(uuid);
    // The dead letter is written after the last attempt: nothing more is sent for this alert.
    assertThat(TARGET.requests()).filteredOn(r -> r.path().equals("/gone")).hasSize(1);
    JsonNode log = deliveries("/api/v3/checks/" + uuid + "/deliveries", 1);
    assertThat(log).hasSize(1);
    assertThat(log.get(0).get("outcome").asText()).isEqualTo("failed");
    assertThat(log.get(0).get("http_status").asInt()).isEqualTo(400);
  }

  @Test
  void aSlackThatDoesNotAnswerDoesNotDelayEmail() throws Exception {
    String slack = channel("slack", "{\"url\":\"" + TARGET.url("/slow/services/T/B/X") + "\"}");
    String email = channel("email", "{\"to\":\"ops@example.org\"}");
    String uuid = api.create("{\"name\":\"bulkhead\",\"channels\":\"" + slack + "," + email + "\"}").get("uuid").asText();
    ping(uuid, "/fail");

    assertThat(TARGET.await(r -> r.path().startsWith("/slow"), 1, WAIT)).hasSize(1);
    assertThat(SMTP.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
    assertThat(SLOW_SLACK.getCount()).as("Slack is still holding its request while the email went out").isEqualTo(1);
    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("DOWN | bulkhead");
    assertThat(mail.getMessageID()).startsWith("<" + uuid + ".down.").endsWith("." + email + "@lifeline>");
    SLOW_SLACK.countDown();
    JsonNode log = deliveries("/api/v3/checks/" + uuid + "/deliveries", 2);
    assertThat(log).extracting(d -> d.get("kind").asText() + " " + d.get("outcome").asText())
        .containsExactlyInAnyOrder("slack delivered", "email delivered");
    assertThat(log).filteredOn(d -> d.get("kind").asText().equals("email"))
        .allSatisfy(d -> assertThat(d.get("reply").asText()).startsWith("250"));
  }

  @Test
  void anSsrfTargetIsRefusedAtCreationAndAgainAtSendTime() throws Exception {
    for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.1.2.3/hook", "http://[::1]:9/x")) {
      HttpResponse<String> refused = api.post("/api/v3/channels/", RW,
          "{\"name\":\"x\",\"kind\":\"webhook\",\"config\":{\"url\":\"" + url + "\"}}");
      assertThat(refused.statusCode()).as(url).isEqualTo(400);
      assertThat(json(refused).get("field").asText()).isEqualTo("config.url");
    }
    // A channel that was allowed when written, whose target is refused now (as after DNS rebinding).
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    writeChannel(ChannelDefinition.newBuilder().setId(id).setName("rebound").setKind(ChannelKind.WEBHOOK)
        .setConfig(Map.of("url", "http://[::1]:" + TARGET.url("").replaceAll(".*:", "") + "/rebound"))
        .setCreatedAt(now).setUpdatedAt(now).build());
    api.poll("/api/v3/channels/", WAIT, body -> body.get("channels").toString().contains(id));
    String uuid = api.create("{\"name\":\"rebound\",\"channels\":\"" + id + "\"}").get("uuid").asText();
    ping(uuid, "/fail");

    JsonNode log = deliveries("/api/v3/checks/" + uuid + "/deliveries", 1);
    assertThat(log.get(0).get("outcome").asText()).isEqualTo("failed");
    assertThat(log.get(0).get("error").asText()).contains("SSRF", "loopback");
    assertThat(awaitDeadLetters(uuid)).hasSize(1);
    assertThat(TARGET.requests()).noneMatch(r -> r.path().equals("/rebound"));
  }

  @Test
  void aTestMessageAnswersWithItsOutcomeAndIsInTheChannelsLog() {
    String channel = webhook("/test-me");
    HttpResponse<String> tested = api.post("/api/v3/channels/" + channel + "/test", RW, "");
    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
    assertThat(json(tested).get("outcome").asText()).isEqualTo("delivered");
    List<Receiver.Request> got = at("/test-me", 1);
    assertThat(got.get(0).body()).isEqualTo("Test notification from Lifeline is down");
    assertThat(got.get(0).header("Idempotency-Key")).startsWith("test:" + channel + ":");
    JsonNode log = deliveries("/api/v3/channels/" + channel + "/deliveries", 1);
    assertThat(log.get(0).get("event").asText()).isEqualTo("test");
    assertThat(log.get(0).get("check").isNull()).as("a test message belongs to no check").isTrue();

    JsonNode masked = json(api.get("/api/v3/channels/" + channel, RO)).get("config");
    assertThat(masked.get("url").asText()).doesNotContain("127.0.0.1");
  }

  @Test
  void realertEveryRepeatsTheDownAlertThroughDelivery() {
    String channel = webhook("/realert");
    String uuid = api.create("{\"name\":\"repeat\",\"realert_every\":1,\"channels\":\"" + channel + "\"}")
        .get("uuid").asText();
    ping(uuid, "/fail");
    List<Receiver.Request> downs = at("/realert", 3);
    assertThat(api.post("/api/v3/checks/" + uuid + "/pause", RW, "").statusCode()).isEqualTo(200);
    assertThat(downs).hasSizeGreaterThanOrEqualTo(3);
    assertThat(downs).extracting(Receiver.Request::body).containsOnly("repeat is down");
    assertThat(downs).extracting(r -> r.header("Idempotency-Key")).doesNotHaveDuplicates();
  }

  private static void writeChannel(ChannelDefinition channel) throws Exception {
    try (KafkaProducer<String, ChannelDefinition> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
        Topics.DELIVERY_CHANNELS.keySerde().serializer(), Topics.DELIVERY_CHANNELS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_CHANNELS.name(), channel.getId(), channel)).get();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String uuid) {
    List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(KAFKA.bootstrapServers(), Topics.HEARTBEAT_ALERTS.dlq())) {
      if (uuid.equals(new String(r.key(), StandardCharsets.UTF_8))) {
        mine.add(r);
      }
    }
    return mine;
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(String uuid) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<ConsumerRecord<byte[], byte[]>> found = deadLetters(uuid);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      found = deadLetters(uuid);
    }
    return found;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

}
