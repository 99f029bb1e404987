package io.lifeline.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile corpus (issue 9) against a real server and broker: every case gets its status class;
 * no answer is a 5xx; every error is problem+json, or healthchecks' {@code {"error"}} on its routes,
 * naming the field or the cause; and a refused request writes nothing, checked by the end offsets of
 * every topic the edge writes.
 */
class HostileCorpusIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final List<String> EDGE_TOPICS = List.of(Topics.METERING_PULSES.name(),
      Topics.HEARTBEAT_PINGS.name(), Topics.HEARTBEAT_CHECKS.name());

  private static TestInstance lifeline;
  private static Admin admin;
  private static final Map<String, String> VALUES = new HashMap<>(Map.of(
      "ingestKey", "corpus-ingest-key", "acmeKey", "corpus-acme-key", "apiKey", "test-rw-key",
      "roKey", "test-ro-key", "pingKey", "corpuspingkey"));

  @BeforeAll
  static void start() throws Exception {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of(
        "INGEST_API_KEYS", VALUES.get("ingestKey") + "," + VALUES.get("acmeKey") + "=acme",
        "LIFELINE_PING_KEY", VALUES.get("pingKey"),
        "INGEST_RATE_LIMIT", "0",
        "HTTP_IDLE_TIMEOUT", "PT1S"));
    admin = KAFKA.admin();
    HttpResponse<String> created = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + "/api/v3/checks/"))
        .header("X-Api-Key", VALUES.get("apiKey"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"corpus\",\"timeout\":3600}")).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    VALUES.put("check", Json.MAPPER.readTree(created.body()).get("uuid").asText());
  }

  @AfterAll
  static void stop() {
    admin.close();
    lifeline.close();
  }

  @Test
  void noFiveHundredsEveryErrorNamesItsCauseAndRefusedRequestsWriteNothing() throws Exception {
    List<CorpusCase> cases = CorpusCase.load();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
    assertThat(cases.stream().map(CorpusCase::endpoint).distinct())
        .contains("ingest", "pulses", "events", "usage", "management", "ping");

    int port = URI.create(lifeline.base()).getPort();
    List<String> failures = new ArrayList<>();
    int serverErrors = 0;
    int leaks = 0;
    Map<TopicPartition, Long> offsets = endOffsets();
    for (CorpusCase c : cases) {
      RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", port, c.bytes(VALUES), 30_000);
      Map<TopicPartition, Long> after = endOffsets();
      if (answer == null) {
        failures.add(c + ": the server closed the connection without an answer");
        continue;
      }
      if (answer.status() >= 500) {
        serverErrors++;
      }
      String got = answer.status() / 100 + "xx";
      if (!got.equals(c.expect())) {
        failures.add(c + ": expected " + c.expect() + ", got " + answer.status() + " " + abbreviate(answer.bodyText()));
      }
      if (answer.status() >= 400 && !c.isHead()) {
        String problem = errorBodyProblem(answer);
        if (problem != null) {
          failures.add(c + ": " + problem);
        }
      }
      if (answer.status() >= 400 && !after.equals(offsets)) {
        leaks++;
        failures.add(c + ": refused with " + answer.status() + " but wrote " + written(offsets, after));
      }
      offsets = after;
    }
    System.out.printf("hostile corpus: %d cases (%d refused, %d accepted); %d answers 5xx; %d refused requests wrote "
            + "records; %d failures%n", cases.size(), cases.stream().filter(c -> c.expect().equals("4xx")).count(),
        cases.stream().filter(c -> c.expect().equals("2xx")).count(), serverErrors, leaks, failures.size());
    assertThat(failures).as("corpus failures").isEmpty();
  }

  /** Null when the body is problem+json with a cause, or healthchecks' {"error"}; else what is wrong. */
  private static String errorBodyProblem(RawHttp.Answer answer) {
    String type = String.valueOf(answer.header("Content-Type"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      return "error body is not JSON (" + type + "): " + abbreviate(answer.bodyText());
    }
    if (type.startsWith("application/problem+json")) {
      if (body.path("status").asInt() != answer.status() || body.path("title").asText().isBlank()
          || body.path("detail").asText().isBlank()) {
        return "problem+json without status, title and detail: " + abbreviate(answer.bodyText());
      }
      return null;
    }
    if (type.startsWith("application/json") && !body.path("error").asText().isBlank()) {
      return null;
    }
    return "error body is neither problem+json nor {\"error\"} (" + type + "): " + abbreviate(answer.bodyText());
  }

  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(EDGE_TOPICS).allTopicNames().get().values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static String written(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
    return after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
        .map(e -> e.getKey() + " +" + (e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .collect(Collectors.joining(", "));
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }
}
