package io.lifeline.it.heartbeat;

import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.StoreNames;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances of one application on one broker: any instance answers for any check. */
class TwoInstancesIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void eachInstanceAnswersForEveryCheck() {
    Map<String, String> env = Map.of("APPLICATION_ID", "lifeline-pair", "TOPIC_PARTITIONS", "4");
    try (TestInstance a = TestInstance.start(KAFKA.bootstrapServers(), env);
        TestInstance b = TestInstance.start(KAFKA.bootstrapServers(), env)) {
      awaitBothOwnPartitions(a, b);
      Api apiA = new Api(a);
      Api apiB = new Api(b);

      List<String> uuids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Api creator = i % 2 == 0 ? apiA : apiB;
        uuids.add(creator.create("{\"name\":\"pair " + i + "\",\"tags\":\"pair\"}").get("uuid").asText());
      }
      Set<String> ownedByA = new HashSet<>();
      for (String uuid : uuids) {
        var owner = a.lifeline().app(HeartbeatMonitorApp.NAME).streams()
            .queryMetadataForKey(StoreNames.CHECK_STATES, uuid, Serdes.String().serializer()).activeHost();
        if (owner.port() == a.lifeline().port()) {
          ownedByA.add(uuid);
        }
      }
      assertThat(ownedByA).as("the checks are spread over both instances").isNotEmpty().hasSizeLessThan(uuids.size());

      for (int i = 0; i < uuids.size(); i++) {
        Api pinger = i % 2 == 0 ? apiB : apiA;
        for (int n = 0; n <= i % 3; n++) {
          assertThat(pinger.get("/ping/" + uuids.get(i), null).statusCode()).isEqualTo(200);
        }
      }

      for (Api api : List.of(apiA, apiB)) {
        for (int i = 0; i < uuids.size(); i++) {
          int expected = i % 3 + 1;
          JsonNode check = api.poll("/api/v3/checks/" + uuids.get(i), Duration.ofSeconds(3),
              c -> c.get("n_pings").asInt() == expected);
          assertThat(check.get("n_pings").asInt()).as("check %d via either instance", i).isEqualTo(expected);
          assertThat(check.get("status").asText()).isEqualTo("up");
          assertThat(json(api.get("/api/v3/checks/" + uuids.get(i) + "/pings/", RW)).get("pings")).hasSize(expected);
        }
        JsonNode list = json(api.get("/api/v3/checks/?tag=pair", RW));
        assertThat(list.get("checks")).hasSize(uuids.size());
        assertThat(list.get("checks")).allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("up"));
        assertThat(json(api.get("/api/v3/stats", RW)).get("up").asInt()).isEqualTo(uuids.size());
      }

      String remote = uuids.stream().filter(u -> !ownedByA.contains(u)).findFirst().orElseThrow();
      assertThat(json(apiA.post("/api/v3/checks/" + remote + "/pause", RW, "")).get("status").asText())
          .isEqualTo("paused");
      assertThat(apiA.check(remote).get("status").asText()).isEqualTo("paused");
      assertThat(apiA.send("DELETE", "/api/v3/checks/" + remote, RW, null).statusCode()).isEqualTo(200);
      assertThat(apiA.get("/ping/" + remote, null).statusCode()).as("deleted, seen at once by the instance asked")
          .isEqualTo(404);
    }
  }

  /** Both instances must hold active tasks of both stateful apps before the test means anything. */
  private static void awaitBothOwnPartitions(TestInstance a, TestInstance b) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (shared(a, b, HeartbeatMonitorApp.NAME) && shared(a, b, UsageMeterApp.NAME)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the two instances did not share the partitions within 60 s");
  }

  private static boolean shared(TestInstance a, TestInstance b, String app) {
    var all = a.lifeline().app(app).streams().metadataForAllStreamsClients();
    return all.size() == 2 && all.stream().allMatch(m -> !m.topicPartitions().isEmpty())
        && a.lifeline().app(app).isRunning() && b.lifeline().app(app).isRunning();
  }
}
