package io.lifeline.http.heartbeat;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.RW;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.heartbeat.BadgeKeys;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.internal.CheckState;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Badges over real HTTP: listed with a key, served without one, by unguessable keys only. */
class BadgeRoutesTest {

  private static final String BASE = "http://lifeline.test";
  private static final String UP = "0f3a9a3c-1111-4222-8333-000000000001";
  private static final String LATE = "0f3a9a3c-1111-4222-8333-000000000002";
  private static final String DOWN = "0f3a9a3c-1111-4222-8333-000000000003";

  private final FakeChecks checks = new FakeChecks()
      .with(check(UP, "web", List.of("prod", "web")))
      .with(check(LATE, "db", List.of("prod", "db")))
      .with(check(DOWN, "", List.of("staging")));
  private final FakeStates states = new FakeStates();
  private final Edge edge = Edge.with(settings -> List.of(
      new BadgeRoutes(checks, states, Edge.AUTH, settings, Edge.BADGE_KEY),
      new ManagementRoutes(checks, new io.lifeline.http.fakes.FakeChannels(), checks, states,
          new io.lifeline.heartbeat.CheckChanges(java.time.Clock.systemUTC(), PING_KEY), Edge.AUTH, settings)));

  BadgeRoutesTest() {
    long now = System.currentTimeMillis();
    states.states.put(UP, state(UP, CheckStatus.UP, now));
    states.states.put(LATE, state(LATE, CheckStatus.UP, now - 90_000));
    states.states.put(DOWN, state(DOWN, CheckStatus.DOWN, now));
  }

  private static CheckDefinition check(String uuid, String name, List<String> tags) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return CheckDefinition.newBuilder().setUuid(uuid).setName(name).setTags(tags).setTimeoutSeconds(60)
        .setGraceSeconds(3600).setPingKey(PING_KEY).setCreatedAt(t).setUpdatedAt(t).build();
  }

  private static CheckState state(String uuid, CheckStatus status, long lastPing) {
    return CheckState.newBuilder().setUuid(uuid).setStatus(status).setLastPing(lastPing).build();
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private HttpResponse<String> fetch(String url) {
    assertThat(url).startsWith(BASE);
    return edge.get(url.substring(BASE.length()), null);
  }

  @Test
  void everyTagAndStarAreListedWithTheSixUrlsHealthchecksLists() {
    assertThat(edge.get("/api/v3/badges/", null).statusCode()).isEqualTo(401);
    JsonNode badges = json(edge.get("/api/v3/badges/", RO)).get("badges");
    assertThat(badges.fieldNames()).toIterable().containsExactlyInAnyOrder("*", "prod", "web", "db", "staging");
    assertThat(badges.get("prod").fieldNames()).toIterable()
        .containsExactly("svg", "svg3", "json", "json3", "shields", "shields3");
    assertThat(json(edge.get("/api/v2/badges/", RW)).get("badges").has("*")).isTrue();
  }

  @Test
  void aTagBadgeCountsItsChecksWithoutAKeyAndLateOnlyWithThreeStates() {
    JsonNode prod = json(edge.get("/api/v3/badges/", RO)).get("badges").get("prod");
    JsonNode two = json(fetch(prod.get("json").asText()));
    assertThat(two.get("status").asText()).isEqualTo("up");
    assertThat(two.get("total").asInt()).isEqualTo(2);
    assertThat(two.get("grace").asInt()).isEqualTo(1);
    assertThat(json(fetch(prod.get("json3").asText())).get("status").asText()).isEqualTo("late");
    JsonNode shields = json(fetch(prod.get("shields3").asText()));
    assertThat(shields.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(shields.get("label").asText()).isEqualTo("prod");
    assertThat(shields.get("message").asText()).isEqualTo("late");
    assertThat(shields.get("color").asText()).isEqualTo("important");
    HttpResponse<String> svg = fetch(prod.get("svg").asText());
    assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
    assertThat(svg.body()).startsWith("<svg").contains(">prod<").contains(">up<");

    JsonNode all = json(edge.get("/api/v3/badges/", RO)).get("badges").get("*");
    JsonNode everything = json(fetch(all.get("json").asText()));
    assertThat(everything.get("status").asText()).isEqualTo("down");
    assertThat(everything.get("total").asInt()).isEqualTo(3);
  }

  @Test
  void aForgedOrBorrowedSignatureIsA404() {
    JsonNode badges = json(edge.get("/api/v3/badges/", RO)).get("badges");
    String prodUrl = badges.get("prod").get("json").asText();
    String stagingUrl = badges.get("staging").get("json").asText();
    String borrowed = stagingUrl.replace("/staging.json", "/prod.json");
    assertThat(fetch(borrowed).statusCode()).as("one tag's signature does not open another").isEqualTo(404);
    assertThat(fetch(prodUrl.replace(".json", ".png")).statusCode()).isEqualTo(404);
    String[] parts = prodUrl.split("/");
    parts[parts.length - 2] = "AAAAAAAA-2";
    assertThat(fetch(String.join("/", parts)).statusCode()).isEqualTo(404);
    assertThat(edge.get("/b/2/" + DOWN + ".json", null).statusCode()).as("the uuid is not the badge key").isEqualTo(404);
  }

  @Test
  void aChecksBadgeUrlIsInItsJsonAndShowsItsStatus() {
    JsonNode check = json(edge.get("/api/v3/checks/" + LATE, RO));
    String badgeUrl = check.get("badge_url").asText();
    assertThat(badgeUrl).isEqualTo(BASE + "/b/2/" + BadgeKeys.of(LATE) + ".svg").doesNotContain(LATE);
    assertThat(fetch(badgeUrl).body()).contains(">db<").contains(">up<");
    JsonNode three = json(fetch(badgeUrl.replace("/b/2/", "/b/3/").replace(".svg", ".json")));
    assertThat(three.get("status").asText()).isEqualTo("late");
    assertThat(three.get("grace").asInt()).isEqualTo(1);
    JsonNode down = json(edge.get("/b/2/" + BadgeKeys.of(DOWN) + ".shields", null));
    assertThat(down.get("message").asText()).isEqualTo("down");
    assertThat(down.get("label").asText()).as("an unnamed check does not show its uuid").isEqualTo("check");
    assertThat(edge.get("/b/4/" + BadgeKeys.of(DOWN) + ".json", null).statusCode()).isEqualTo(404);
  }
}
