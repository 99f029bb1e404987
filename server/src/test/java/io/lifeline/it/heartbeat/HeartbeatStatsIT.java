package io.lifeline.it.heartbeat;

import static io.lifeline.it.heartbeat.Api.RO;
import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stats the dashboard's cards show, counted exactly: this class has a broker of its own, so no
 * other test's checks are in the count.
 */
class HeartbeatStatsIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void statsCountEveryCheckByTheStatusTheApiReports() {
    try (TestInstance lifeline = TestInstance.start(KAFKA.bootstrapServers(),
        Map.of("DEADLINE_CHECK_INTERVAL", "PT0.2S"))) {
      Api api = new Api(lifeline);
      api.create("{\"name\":\"waiting\",\"timeout\":3600}");
      String up = api.create("{\"name\":\"up\",\"timeout\":3600}").get("uuid").asText();
      String down = api.create("{\"name\":\"down\",\"timeout\":1,\"grace\":1}").get("uuid").asText();
      String paused = api.create("{\"name\":\"paused\",\"timeout\":3600}").get("uuid").asText();
      assertThat(api.get("/ping/" + up, null).statusCode()).isEqualTo(200);
      assertThat(api.get("/ping/" + down, null).statusCode()).isEqualTo(200);
      assertThat(api.post("/api/v3/checks/" + paused + "/pause", RW, "").statusCode()).isEqualTo(200);
      api.poll("/api/v3/checks/" + down, Duration.ofSeconds(10), c -> "down".equals(c.get("status").asText()));

      JsonNode stats = api.poll("/api/v3/stats", Duration.ofSeconds(10), s -> s.get("up").asInt() == 1);
      assertThat(stats.get("total").asInt()).isEqualTo(4);
      assertThat(stats.get("new").asInt()).isEqualTo(1);
      assertThat(stats.get("up").asInt()).isEqualTo(1);
      assertThat(stats.get("down").asInt()).isEqualTo(1);
      assertThat(stats.get("paused").asInt()).isEqualTo(1);
      assertThat(stats.get("grace").asInt()).isZero();
      assertThat(stats.get("started").asInt()).isZero();
      assertThat(json(api.get("/api/v3/stats", RO))).isEqualTo(stats);
    }
  }
}
