package io.lifeline.it.delivery;

import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.it.heartbeat.Api;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.testkit.Receiver;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crash between sending and committing: the delivery instance, in a JVM of its own, is killed with
 * SIGKILL while the webhook holds its request. The restarted instance sends that alert once more,
 * with the same Idempotency-Key, and no more than that: at most one duplicate.
 */
class DeliveryCrashIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String READY = "sending the alerts of [";

  @Test
  void aKillBetweenSendAndCommitResendsOnceWithTheSameKey() throws Exception {
    AtomicReference<ServerProcess> sender = new AtomicReference<>();
    try (Receiver webhook = Receiver.start();
        TestInstance edge = TestInstance.start(KAFKA.bootstrapServers(),
            Map.of("ROLES", "edge,streams", "DELIVERY_ALLOWLIST", "127.0.0.1/32"))) {
      webhook.answer(request -> {
        if (webhook.requests().size() == 1) {
          sender.get().kill();
        }
        return 200;
      });
      Map<String, String> env = Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
          "ROLES", "delivery",
          "HTTP_PORT", String.valueOf(freePort()),
          "DATA_DIR", Files.createTempDirectory("lifeline-delivery-crash").toString(),
          "TOPIC_PARTITIONS", "2",
          "LIFELINE_API_KEY", RW,
          "LIFELINE_API_KEY_READONLY", "test-ro-key",
          "LOG_FORMAT", "text",
          "DELIVERY_ALLOWLIST", "127.0.0.1/32");
      sender.set(ServerProcess.start(env, READY));
      Api api = new Api(edge);
      HttpResponse<String> channel = api.post("/api/v3/channels/", RW, "{\"name\":\"hook\",\"kind\":\"webhook\","
          + "\"config\":{\"url\":\"" + webhook.url("/crash") + "\",\"body_down\":\"$NAME $STATUS\",\"body_up\":\"$NAME $STATUS\"}}");
      assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
      String uuid = api.create("{\"name\":\"crash\",\"channels\":\"" + json(channel).get("id").asText() + "\"}")
          .get("uuid").asText();
      assertThat(edge.get("/ping/" + uuid + "/fail").statusCode()).isEqualTo(200);

      List<Receiver.Request> first = webhook.await(r -> true, 1, WAIT);
      assertThat(first).as("the first send reached the webhook").hasSize(1);
      sender.set(ServerProcess.start(env, READY));
      List<Receiver.Request> resent = webhook.await(r -> true, 2, WAIT);
      assertThat(resent).hasSize(2);
      String key = resent.get(0).header("Idempotency-Key");
      assertThat(key).startsWith(uuid + ":down:");
      assertThat(resent.get(1).header("Idempotency-Key")).as("the resend carries the same key").isEqualTo(key);
      assertThat(resent).extracting(Receiver.Request::body).containsOnly("crash down");

      JsonNode log = api.poll("/api/v3/checks/" + uuid + "/deliveries", WAIT,
          body -> body.get("deliveries").size() >= 1).get("deliveries");
      assertThat(log.get(0).get("outcome").asText()).isEqualTo("delivered");
      assertThat(log.get(0).get("delivery_id").asText()).isEqualTo(key);

      sender.get().stop();
      sender.set(ServerProcess.start(env, READY));
      assertThat(edge.get("/ping/" + uuid).statusCode()).isEqualTo(200);
      List<Receiver.Request> all = webhook.await(r -> r.body().equals("crash up"), 1, WAIT);
      assertThat(all).as("the recovery went out").hasSize(1);
      // The UP follows the DOWN on the same partition and channel: a third DOWN would have come before it.
      assertThat(webhook.requests()).filteredOn(r -> key.equals(r.header("Idempotency-Key"))).hasSize(2);
    } finally {
      if (sender.get() != null) {
        sender.get().kill();
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
