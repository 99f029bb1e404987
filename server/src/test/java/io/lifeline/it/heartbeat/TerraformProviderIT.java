package io.lifeline.it.heartbeat;

import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact requests of the Terraform provider for healthchecks.io, replayed against a real broker:
 * terraform-provider-healthchecksio v2.3.0 (commit b8e535dd10cac757801d257d838818a3ef17b8bb) and the Go
 * client it builds on, go-healthchecksio v2.1.0 (commit 37a9dc9b538a5a1a554928a0c87d185f596839d9). The
 * provider's base URL ({@code api_url}) ends in {@code /api/v1}; every request carries {@code
 * Content-Type: application/json} and {@code X-Api-Key}, bodies or not, plus what Go's HTTP client adds
 * ({@code User-Agent: Go-http-client/1.1}, {@code Accept-Encoding: gzip}). Check bodies are Go's
 * encoding of its struct: fields in declaration order, {@code channels} and {@code methods} always
 * present, the others left out when empty or zero. The data source {@code healthchecksio_channel} reads
 * {@code GET /channels/} and picks the channel by name and kind. The resource reads a check back by
 * listing {@code GET /checks/} and matching the last path segment of {@code update_url} to its id, then
 * splits {@code channels} on commas and {@code tags} on spaces; numbers must decode into Go ints and
 * text into Go strings, and an error answer must carry {@code error}.
 */
class TerraformProviderIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  /** HTTP/1.1, as Go's client speaks to a plain-HTTP server. */
  private static final HttpClient GO = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static TestInstance lifeline;
  static Api api;

  @BeforeAll
  static void start() {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of("DELIVERY_ALLOWLIST", "127.0.0.1/32"));
    api = new Api(lifeline);
  }

  @AfterAll
  static void stop() {
    lifeline.close();
  }

  /** One request as the Go client makes it; the answer's body as Go's transport hands it over, un-gzipped. */
  private static Answer provider(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(lifeline.base() + "/api/v1" + path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .header("X-Api-Key", RW)
        .header("User-Agent", "Go-http-client/1.1")
        .header("Accept-Encoding", "gzip")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<byte[]> answer = GO.send(request, HttpResponse.BodyHandlers.ofByteArray());
      byte[] bytes = answer.body();
      if (answer.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
        bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
      }
      return new Answer(answer.statusCode(), Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Answer(int status, JsonNode body) {}

  private static String channel(String name, String kind, String config) {
    HttpResponse<String> created = api.post("/api/v3/channels/", RW,
        "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\",\"config\":" + config + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  /** What the data source does: list, then the first channel with that name (when given) and kind. */
  private static JsonNode dataSourceChannel(String name, String kind) {
    Answer list = provider("GET", "/channels/", null);
    assertThat(list.status()).isEqualTo(200);
    for (JsonNode c : list.body().get("channels")) {
      assertThat(c.get("id").isTextual() && c.get("name").isTextual() && c.get("kind").isTextual())
          .as("id, name and kind decode into Go strings: %s", c).isTrue();
    }
    return StreamSupport.stream(list.body().get("channels").spliterator(), false)
        .filter(c -> (name.isEmpty() || c.get("name").asText().equals(name)) && c.get("kind").asText().equals(kind))
        .findFirst().orElseThrow();
  }

  /** The last path segment of {@code update_url}: the provider's id of a check. */
  private static String id(JsonNode check) {
    String[] parts = check.get("update_url").asText().split("/");
    return parts[parts.length - 1];
  }

  /** What the resource's read does: list every check and take the one whose id matches. */
  private static JsonNode read(String id) {
    Answer list = provider("GET", "/checks/", null);
    assertThat(list.status()).isEqualTo(200);
    return StreamSupport.stream(list.body().get("checks").spliterator(), false)
        .filter(c -> id(c).equals(id)).findFirst().orElse(null);
  }

  /** The fields the provider sets into its state, with the Go types it decodes them into. */
  private static void decodesIntoHealthcheckResponse(JsonNode check) {
    for (String text : List.of("channels", "desc", "methods", "name", "slug", "ping_url", "pause_url", "status",
        "tags", "update_url")) {
      assertThat(check.get(text).isTextual()).as("%s is a string: %s", text, check).isTrue();
    }
    for (String number : List.of("grace", "n_pings")) {
      assertThat(check.get(number).isIntegralNumber()).as("%s is an int: %s", number, check).isTrue();
    }
    for (String optional : List.of("last_ping", "next_ping", "schedule", "tz")) {
      assertThat(check.path(optional).isMissingNode() || check.get(optional).isNull() || check.get(optional).isTextual())
          .as("%s is a string or absent: %s", optional, check).isTrue();
    }
    assertThat(check.path("timeout").isMissingNode() || check.get("timeout").isIntegralNumber()).isTrue();
  }

  private static List<String> channels(JsonNode check) {
    String channels = check.get("channels").asText();
    return channels.isEmpty() ? List.of() : Arrays.asList(channels.split(","));
  }

  @Test
  void aCheckWithChannelsIsCreatedReadUpdatedAndDeletedAsTheProviderDoesIt() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = channel("tf-email-" + suffix, "email", "{\"to\":\"ops@example.org\"}");
    String hook = channel("tf-hook-" + suffix, "webhook", "{\"url\":\"http://127.0.0.1:9/lifeline\"}");

    assertThat(dataSourceChannel("tf-email-" + suffix, "email").get("id").asText()).isEqualTo(email);
    assertThat(dataSourceChannel("tf-hook-" + suffix, "webhook").get("id").asText()).isEqualTo(hook);
    assertThat(dataSourceChannel("", "webhook").get("kind").asText()).as("by kind alone").isEqualTo("webhook");

    String name = "tf nightly " + suffix;
    String slug = "tf-nightly-" + suffix;
    Answer created = provider("POST", "/checks/", "{\"channels\":\"" + email + "," + hook + "\",\"grace\":300,"
        + "\"methods\":\"\",\"name\":\"" + name + "\",\"slug\":\"" + slug + "\",\"tags\":\"tf prod\",\"timeout\":3600}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String id = id(created.body());
    assertThat(id).isEqualTo(created.body().get("uuid").asText());

    JsonNode check = read(id);
    assertThat(check).isNotNull();
    decodesIntoHealthcheckResponse(check);
    assertThat(channels(check)).containsExactlyInAnyOrder(email, hook);
    assertThat(check.get("name").asText()).isEqualTo(name);
    assertThat(check.get("slug").asText()).isEqualTo(slug);
    assertThat(check.get("tags").asText().split(" ")).containsExactly("tf", "prod");
    assertThat(check.get("timeout").asInt()).isEqualTo(3600);
    assertThat(check.get("grace").asInt()).isEqualTo(300);
    assertThat(check.get("methods").asText()).isEmpty();
    assertThat(check.get("ping_url").asText()).endsWith("/ping/" + id);

    Answer updated = provider("POST", "/checks/" + id, "{\"channels\":\"" + hook + "\",\"grace\":300,"
        + "\"methods\":\"POST\",\"name\":\"" + name + "\",\"slug\":\"" + slug + "\",\"tags\":\"tf\",\"timeout\":7200}");
    assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
    JsonNode afterUpdate = read(id);
    assertThat(channels(afterUpdate)).containsExactly(hook);
    assertThat(afterUpdate.get("timeout").asInt()).isEqualTo(7200);
    assertThat(afterUpdate.get("methods").asText()).isEqualTo("POST");
    assertThat(afterUpdate.get("tags").asText()).isEqualTo("tf");

    Answer noChannels = provider("POST", "/checks/" + id, "{\"channels\":\"\",\"grace\":300,\"methods\":\"POST\","
        + "\"name\":\"" + name + "\",\"slug\":\"" + slug + "\",\"tags\":\"tf\",\"timeout\":7200}");
    assertThat(noChannels.status()).isEqualTo(200);
    assertThat(channels(read(id))).as("the provider sends channels \"\" when the list is emptied").isEmpty();

    Answer deleted = provider("DELETE", "/checks/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    decodesIntoHealthcheckResponse(deleted.body());
    assertThat(read(id)).as("gone from the list: the provider drops it from its state").isNull();
  }

  @Test
  void aCronCheckKeepsItsScheduleAndZone() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Answer created = provider("POST", "/checks/", "{\"channels\":\"\",\"grace\":3600,\"methods\":\"\","
        + "\"name\":\"tf cron " + suffix + "\",\"slug\":\"tf-cron-" + suffix + "\",\"schedule\":\"0 3 * * *\","
        + "\"tags\":\"tf\",\"tz\":\"Europe/Lisbon\"}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    JsonNode check = read(id(created.body()));
    decodesIntoHealthcheckResponse(check);
    assertThat(check.get("schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(check.get("tz").asText()).isEqualTo("Europe/Lisbon");
    assertThat(channels(check)).isEmpty();
  }

  @Test
  void anUnknownChannelIsAnErrorTheProviderCanShow() {
    Answer refused = provider("POST", "/checks/", "{\"channels\":\"" + UUID.randomUUID() + "\",\"grace\":3600,"
        + "\"methods\":\"\",\"name\":\"tf bad\",\"slug\":\"tf-bad\",\"timeout\":86400}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("error").asText()).as("the message the provider reports").contains("channel");
  }
}
