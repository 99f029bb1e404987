package io.lifeline.it.delivery;

import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.audit.Replay;
import io.lifeline.delivery.DlqReplay;
import io.lifeline.it.heartbeat.Api;
import io.lifeline.it.metering.TopicReader;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.testkit.Receiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code scripts/dlq-replay} against a real broker and a running server: an alert dead-lettered for the
 * one channel that refused it goes back to that channel only, with the same idempotency key, once the
 * receiver takes it; a dry run and a filter that does not match move nothing.
 */
class DlqReplayIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Receiver TARGET = Receiver.start();
  private static final AtomicBoolean REFUSING = new AtomicBoolean(true);
  private static final String BASE_URL = "http://lifeline.test";

  static TestInstance lifeline;
  static Api api;

  @BeforeAll
  static void start() {
    TARGET.answer(r -> r.path().equals("/refusing") && REFUSING.get() ? 400 : 200);
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of(
        "DELIVERY_ALLOWLIST", "127.0.0.1/32",
        "DELIVERY_RETRY_BACKOFF", "PT0.05S",
        "PUBLIC_BASE_URL", BASE_URL));
    api = new Api(lifeline);
  }

  @AfterAll
  static void stop() {
    lifeline.close();
    TARGET.close();
  }

  private static String webhook(String path) {
    HttpResponse<String> created = api.post("/api/v3/channels/", RW, "{\"name\":\"hook" + path + "\",\"kind\":\"webhook\","
        + "\"config\":{\"url\":\"" + TARGET.url(path) + "\",\"body_down\":\"$NAME is $STATUS\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  private static DlqReplay.Summary replay(String check, String channel, boolean dryRun, StringBuilder printed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DlqReplay.Summary summary = DlqReplay.run(KAFKA.bootstrapServers(), new DlqReplay.Filter(check, channel, dryRun),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    printed.append(out.toString(StandardCharsets.UTF_8));
    return summary;
  }

  private static List<Alert> alertsOf(String uuid) {
    return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.HEARTBEAT_ALERTS).stream()
        .map(ConsumerRecord::value).filter(a -> a.getCheckUuid().equals(uuid)).toList();
  }

  @Test
  void aDeadLetteredAlertGoesBackToTheChannelThatRefusedItWithTheSameKey() throws Exception {
    String working = webhook("/working");
    String refusing = webhook("/refusing");
    String uuid = api.create("{\"name\":\"nightly\",\"channels\":\"" + working + "," + refusing + "\"}").get("uuid").asText();
    assertThat(api.send("POST", "/ping/" + uuid + "/fail", null, "disk full").statusCode()).isEqualTo(200);

    String key = TARGET.await(r -> r.path().equals("/working"), 1, WAIT).get(0).header("Idempotency-Key");
    TARGET.await(r -> r.path().equals("/refusing"), 1, WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (TopicReader.readAll(KAFKA.bootstrapServers(), Topics.HEARTBEAT_ALERTS.dlq()).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }

    StringBuilder dry = new StringBuilder();
    assertThat(replay(null, null, true, dry)).isEqualTo(new DlqReplay.Summary(1, 0, 0));
    assertThat(dry).contains("would move heartbeat.alerts.dlq/", "alert " + key, "channel " + refusing, "HTTP 400");
    assertThat(replay(UUID.randomUUID().toString(), null, false, new StringBuilder()))
        .as("another check's alerts only").isEqualTo(new DlqReplay.Summary(0, 1, 0));
    assertThat(replay(null, working, false, new StringBuilder()))
        .as("the working channel has no dead letters").isEqualTo(new DlqReplay.Summary(0, 1, 0));
    assertThat(alertsOf(uuid)).as("nothing was published so far").hasSize(1);

    REFUSING.set(false);
    StringBuilder moved = new StringBuilder();
    assertThat(replay(uuid, refusing, false, moved)).isEqualTo(new DlqReplay.Summary(1, 0, 0));
    assertThat(moved).contains("moved heartbeat.alerts.dlq/", "1 moved, 0 left");

    List<Receiver.Request> resent = TARGET.await(r -> r.path().equals("/refusing"), 2, WAIT);
    assertThat(resent).hasSize(2);
    assertThat(resent.get(1).header("Idempotency-Key")).as("the same alert id").isEqualTo(key);
    assertThat(resent.get(1).body()).isEqualTo("nightly is down");
    List<Alert> alerts = alertsOf(uuid);
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    assertThat(alerts.get(1).getChannels()).as("for the channel that failed only").containsExactly(refusing);
    assertThat(alerts.get(1).getBody()).as("the alert as it was, body included").isEqualTo("disk full");
    assertThat(TARGET.requests()).as("the channel that took it is not sent it again")
        .filteredOn(r -> r.path().equals("/working")).hasSize(1);

    Path report = Files.createTempFile("replay", ".json");
    int audit = Replay.run("heartbeat", "--check", uuid, "--public-base-url", BASE_URL,
        "--bootstrap", KAFKA.bootstrapServers(), "--json", report.toString(), "--no-progress");
    assertThat(audit).as("the audit tells the replayed alert from the monitor's: %s", Files.readString(report))
        .isZero();
  }
}
