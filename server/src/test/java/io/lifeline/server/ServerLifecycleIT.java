package io.lifeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.streams.StreamsRunner;
import io.lifeline.testkit.KafkaBroker;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerLifecycleIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void readyOnceStreamsRunAndTopicsExist() throws Exception {
    try (TestInstance lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of())) {
      assertThat(lifeline.get("/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = lifeline.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"UP\"");
      assertThat(ready.body()).as("without INGEST_API_KEYS, readiness says ingest is open").contains("ingest is open");
      assertThat(lifeline.lifeline().apps()).extracting(StreamsRunner::name)
          .containsExactlyInAnyOrder("heartbeat", "metering", "replica");
      assertThat(lifeline.lifeline().apps()).allMatch(StreamsRunner::isRunning);

      HttpResponse<String> metrics = lifeline.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("kafka_producer_");
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

      try (var admin = KAFKA.admin()) {
        Set<String> topics = admin.listTopics().names().get();
        assertThat(topics).contains("heartbeat.checks", "heartbeat.pings", "heartbeat.flips", "heartbeat.alerts",
            "metering.pulses", "metering.pulses.late", "metering.batches", "heartbeat.pings.dlq");
      }
    }
  }

  @Test
  void withoutKafkaItStaysUpAndSaysWhatItWaitsFor() throws Exception {
    int nothingThere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingThere = socket.getLocalPort();
    }
    ServerConfig config = TestInstance.config("127.0.0.1:" + nothingThere, Map.of());
    try (Lifeline lifeline = Lifeline.start(config, e -> {})) {
      HttpResponse<String> ready = pollReady(lifeline.port());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.headers().firstValue("Retry-After")).isPresent();
      assertThat(ready.body()).contains("Kafka at 127.0.0.1:" + nothingThere);
      assertThat(lifeline.readiness().status().ready()).isFalse();
    }
  }

  @Test
  void withKafkaAwayABatchIsA503WithinTheAckTimeoutNotAHang() throws Exception {
    int nothingThere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingThere = socket.getLocalPort();
    }
    ServerConfig config = TestInstance.config("127.0.0.1:" + nothingThere, Map.of("INGEST_ACK_TIMEOUT", "PT1S"));
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      batch.append("{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}\n");
    }
    try (Lifeline lifeline = Lifeline.start(config, e -> {})) {
      var request = java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://localhost:" + lifeline.port() + "/api/v1/pulses"))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-ndjson")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch.toString())).build();
      HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
          .send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("a client with a 10 s timeout gets its answer: 503, never 202").isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void aPortInUseIsOneClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      ServerConfig config = TestInstance.config(KAFKA.bootstrapServers(),
          Map.of("HTTP_PORT", String.valueOf(taken.getLocalPort())));
      assertThatThrownBy(() -> Lifeline.start(config, e -> {}))
          .isInstanceOf(StartupFailure.class)
          .hasMessageContaining("HTTP_PORT " + taken.getLocalPort())
          .hasMessageContaining("in use");
    }
  }

  @Test
  void anUnwritableStateDirIsOneClearError() throws Exception {
    // A regular file where the directory should be: unwritable for every user, root included.
    Path blocker = Files.createFile(Files.createTempDirectory("lifeline-ro").resolve("file"));
    ServerConfig config = TestInstance.config(KAFKA.bootstrapServers(),
        Map.of("STATE_DIR", blocker.resolve("streams").toString()));
    assertThatThrownBy(() -> Lifeline.start(config, e -> {}))
        .isInstanceOf(StartupFailure.class)
        .hasMessageContaining("STATE_DIR")
        .hasMessageContaining("not writable");
  }

  private static HttpResponse<String> pollReady(int port) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> last = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      last = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (last.body().contains("Kafka at")) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }
}
