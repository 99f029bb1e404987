package io.lifeline.http.heartbeat;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.RW;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.Numbered;
import io.lifeline.heartbeat.UniqueKey;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChannels;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.internal.CheckState;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The management API over real HTTP against in-memory ports: auth, validation, commands, views, errors. */
class ManagementRoutesTest {

  private static final String JSON = "application/json";
  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CHANNEL = "0f3a9a3c-1111-4222-8333-777777777777";

  private static ChannelDefinition channel(String id, String name, Instant at) {
    return ChannelDefinition.newBuilder().setId(id).setName(name).setKind(ChannelKind.WEBHOOK)
        .setConfig(java.util.Map.of("url", "https://hooks.example.com/" + name)).setCreatedAt(at).setUpdatedAt(at).build();
  }

  private final FakeChecks checks = new FakeChecks().with(CheckDefinition.newBuilder().setUuid(UUID).setName("backup")
      .setSlug("backup").setTags(List.of("prod")).setPingKey(PING_KEY).setCreatedAt(T).setUpdatedAt(T).build());
  private final FakeStates states = new FakeStates();
  private final FakeChannels channels = new FakeChannels()
      .with(channel(CHANNEL, "ops", T)).with(channel("0f3a9a3c-2222-4222-8333-444455556666", "dup", T))
      .with(channel("0f3a9a3c-3333-4222-8333-444455556666", "dup", T.plusSeconds(1)));
  private final Edge edge = Edge.with(settings -> List.of(new ManagementRoutes(checks, channels, checks, states,
      new CheckChanges(Clock.systemUTC(), PING_KEY), Edge.AUTH, settings)));

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void keysDecideWhoMayReadAndWrite() {
    assertThat(edge.get("/api/v3/checks/", null).statusCode()).isEqualTo(401);
    assertThat(edge.get("/api/v3/checks/", "wrong").statusCode()).isEqualTo(401);
    assertThat(json(edge.get("/api/v3/checks/", null)).get("field").asText()).isEqualTo("api_key");
    assertThat(edge.post("/api/v3/checks/", RO, JSON, "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
    assertThat(edge.get("/api/v3/checks/" + UUID + "/pings/", RO).statusCode()).isEqualTo(401);
    assertThat(edge.post("/api/v3/checks/", null, JSON, "{\"name\":\"x\",\"api_key\":\"" + RW + "\"}").statusCode())
        .isEqualTo(201);
    assertThat(checks.size()).isEqualTo(2);
  }

  @Test
  void aReadOnlyKeySeesTheUniqueKeyInsteadOfUrls() {
    JsonNode list = json(edge.get("/api/v3/checks/", RO));
    JsonNode check = list.get("checks").get(0);
    assertThat(check.has("uuid")).isFalse();
    assertThat(check.has("ping_url")).isFalse();
    assertThat(check.has("channels")).isFalse();
    assertThat(check.get("unique_key").asText()).isEqualTo(UniqueKey.of(UUID));
    assertThat(json(edge.get("/api/v3/checks/" + UniqueKey.of(UUID), RO)).get("name").asText()).isEqualTo("backup");
  }

  @Test
  void createWritesADefinitionAndAnswersWithTheMonitorsStateOfThatVersion() {
    HttpResponse<String> created = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"nightly\",\"timeout\":60}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = json(created);
    String uuid = body.get("uuid").asText();
    CheckDefinition saved = checks.get(uuid);
    assertThat(saved.getTimeoutSeconds()).isEqualTo(60);
    assertThat(states.versionsAwaited).containsExactly(saved.getUpdatedAt().toEpochMilli());
    assertThat(body.get("status").asText()).isEqualTo("new");
    assertThat(body.get("ping_url").asText()).isEqualTo("http://lifeline.test/ping/" + uuid);
  }

  @Test
  void uniqueMakesACreateUpdateTheCheckItMatches() {
    HttpResponse<String> matched = edge.post("/api/v3/checks/", RW, JSON,
        "{\"name\":\"backup\",\"unique\":[\"name\"],\"grace\":120}");
    assertThat(matched.statusCode()).isEqualTo(200);
    assertThat(json(matched).get("uuid").asText()).isEqualTo(UUID);
    assertThat(checks.get(UUID).getGraceSeconds()).isEqualTo(120);
    assertThat(checks.size()).isEqualTo(1);
  }

  @Test
  void aUniqueFieldTheBodyDoesNotGiveMatchesNothingSoACheckIsCreated() {
    CheckDefinition untagged = CheckDefinition.newBuilder().setUuid("0f3a9a3c-9999-4222-8333-444455556666")
        .setName("other").setPingKey(PING_KEY).setCreatedAt(T).setUpdatedAt(T).build();
    checks.with(untagged);

    HttpResponse<String> created = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"fresh\",\"unique\":[\"tags\"]}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("uuid").asText()).isNotIn(UUID, untagged.getUuid());
    assertThat(checks.get(untagged.getUuid()).getName()).isEqualTo("other");
    assertThat(checks.get(UUID).getName()).isEqualTo("backup");
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{\"unique\":[\"name\",\"slug\"],\"name\":\"backup\"}")
        .statusCode()).isEqualTo(201);
    assertThat(checks.size()).isEqualTo(4);
  }

  @Test
  void theUniqueKeyIsDerivedAsHealthchecksDerivesIt() {
    assertThat(UniqueKey.of(UUID)).as("sha1 of the uuid's first 16 hex digits").isEqualTo("9634c6ef46410137da0cfcefddcb3534507882c1");
  }

  @Test
  void keywordFiltersAreStoredAndEchoedWithHealthchecksNames() {
    JsonNode created = json(edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"f\",\"filter_http_body\":true,"
        + "\"failure_kw\":\"BROKEN\",\"success_kw\":\"OK\",\"start_kw\":\"GO\",\"filter_default_fail\":true}"));
    CheckDefinition saved = checks.get(created.get("uuid").asText());
    assertThat(saved.getFilterHttpBody()).isTrue();
    assertThat(saved.getFailureKw()).isEqualTo("BROKEN");
    assertThat(created.get("failure_kw").asText()).isEqualTo("BROKEN");
    assertThat(created.get("success_kw").asText()).isEqualTo("OK");
    assertThat(created.get("start_kw").asText()).isEqualTo("GO");
    assertThat(created.get("filter_http_body").asBoolean()).isTrue();
    assertThat(created.get("filter_default_fail").asBoolean()).isTrue();
    assertThat(created.get("filter_subject").asBoolean()).isFalse();
    assertThat(created.get("subject").asText()).isEmpty();

    JsonNode legacy = json(edge.post("/api/v3/checks/", RW, JSON, "{\"subject\":\"DONE\",\"subject_fail\":\"FAILED\"}"));
    assertThat(legacy.get("filter_subject").asBoolean()).as("healthchecks' older subject fields").isTrue();
    assertThat(legacy.get("success_kw").asText()).isEqualTo("DONE");
    assertThat(legacy.get("subject_fail").asText()).isEqualTo("FAILED");
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{\"filter_http_body\":\"yes\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void v2IsServedLikeV3AndV1AndV2DeriveTheSlugFromTheName() {
    assertThat(edge.get("/api/v2/checks/", RO).statusCode()).isEqualTo(200);
    HttpResponse<String> status = edge.get("/api/v3/status/", null);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).isEqualTo("OK");

    assertThat(json(edge.post("/api/v1/checks/", RW, JSON, "{\"name\":\"Nightly Backup: DB\"}")).get("slug").asText())
        .isEqualTo("nightly-backup-db");
    JsonNode v2 = json(edge.post("/api/v2/checks/", RW, JSON, "{\"name\":\"Crème brûlée\"}"));
    assertThat(v2.get("slug").asText()).isEqualTo("creme-brulee");
    assertThat(v2.get("update_url").asText()).contains("/api/v2/checks/");
    assertThat(json(edge.post("/api/v1/checks/", RW, JSON, "{\"name\":\"A B\",\"slug\":\"mine\"}")).get("slug").asText())
        .as("an explicit slug wins").isEqualTo("mine");
    assertThat(json(edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"Other Name\"}")).get("slug").asText()).isEmpty();
  }

  @Test
  void onlyV1ReportsStartedAndNextPingIsTheRunsStart() {
    long start = System.currentTimeMillis() - 1000;
    states.states.put(UUID, CheckState.newBuilder().setUuid(UUID).setStatus(CheckStatus.UP)
        .setLastPing(start - 1000).setLastStart(start).build());
    JsonNode v3 = json(edge.get("/api/v3/checks/" + UUID, RW));
    assertThat(v3.get("status").asText()).isEqualTo("up");
    assertThat(v3.get("started").asBoolean()).isTrue();
    assertThat(v3.get("next_ping").asText()).isEqualTo(IsoTime.of(start));
    assertThat(json(edge.get("/api/v1/checks/" + UUID, RW)).get("status").asText()).isEqualTo("started");
  }

  @Test
  void aLoggedPingsBodyIsServedAndListedByItsUrl() {
    Instant at = Instant.parse("2026-01-01T10:00:00.123Z");
    states.pings.put(UUID, List.of(
        new Numbered<>(2, Ping.newBuilder().setCheckUuid(UUID).setKind(PingKind.SUCCESS).setReceivedAt(at).build()),
        new Numbered<>(1, Ping.newBuilder().setCheckUuid(UUID).setKind(PingKind.FAIL).setReceivedAt(at)
            .setBody("rsync: error 23").build())));
    JsonNode pings = json(edge.get("/api/v3/checks/" + UUID + "/pings/", RW)).get("pings");
    assertThat(pings.get(0).get("body_url").isNull()).isTrue();
    assertThat(pings.get(0).get("date").asText()).isEqualTo("2026-01-01T10:00:00.123000+00:00");
    String bodyUrl = pings.get(1).get("body_url").asText();
    assertThat(bodyUrl).isEqualTo("http://lifeline.test/api/v3/checks/" + UUID + "/pings/1/body");
    HttpResponse<String> body = edge.get(bodyUrl.substring("http://lifeline.test".length()), RW);
    assertThat(body.statusCode()).isEqualTo(200);
    assertThat(body.body()).isEqualTo("rsync: error 23");
    assertThat(body.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(edge.get("/api/v3/checks/" + UUID + "/pings/2/body", RW).statusCode()).as("no body kept").isEqualTo(404);
    assertThat(edge.get("/api/v3/checks/" + UUID + "/pings/7/body", RW).statusCode()).as("not in the log").isEqualTo(404);
    assertThat(edge.get("/api/v3/checks/" + UUID + "/pings/1/body", RO).statusCode()).isEqualTo(401);
  }

  @Test
  void flipsAreAnObjectAsHealthchecksServesThemOrABareListOnRequest() {
    states.flips.put(UUID, List.of(new Numbered<>(1, Flip.newBuilder().setCheckUuid(UUID).setFrom(CheckStatus.UP)
        .setTo(CheckStatus.DOWN).setReason(FlipReason.FAIL).setAt(T).setFailures(3).build())));
    JsonNode object = json(edge.get("/api/v3/checks/" + UUID + "/flips/", RO));
    assertThat(object.get("flips").get(0).get("up").asInt()).isZero();
    assertThat(object.get("flips").get(0).get("failures").asInt()).isEqualTo(3);
    JsonNode list = json(edge.get("/api/v3/checks/" + UUID + "/flips/?format=list", RO));
    assertThat(list.isArray()).isTrue();
    assertThat(list.get(0).get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00+00:00");
    assertThat(json(edge.get("/api/v3/checks/" + UUID + "/flips/?format=xml", RO)).get("field").asText()).isEqualTo("format");
  }

  @Test
  void aPauseMayGiveTheTimeItEnds() {
    Instant until = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    HttpResponse<String> paused = edge.post("/api/v3/checks/" + UUID + "/pause", RW, JSON,
        "{\"until\":\"" + until + "\"}");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(checks.get(UUID).getPausedUntil()).isEqualTo(until);
    assertThat(checks.get(UUID).getPausedAt()).isNotNull();
    assertThat(json(edge.post("/api/v3/checks/" + UUID + "/pause", RW, JSON, "{\"until\":\"tomorrow\"}")).get("field")
        .asText()).isEqualTo("until");
    assertThat(edge.post("/api/v3/checks/" + UUID + "/pause", RW, JSON, "{\"until\":\"2020-01-01T00:00:00Z\"}")
        .statusCode()).isEqualTo(400);
    assertThat(edge.post("/api/v3/checks/" + UUID + "/pause", RW, JSON, "").statusCode())
        .as("an empty body, as the Python client sends").isEqualTo(200);
    assertThat(checks.get(UUID).getPausedUntil()).as("a pause without until lasts until resumed").isNull();
  }

  @Test
  void schedulesAreAcceptedAsHealthchecksAcceptsThemOrRefusedNamingTheField() {
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"0 0 L * *\"}").statusCode()).isEqualTo(201);
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"0 9 * * 1#1\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> never = edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"0 0 30 2 *\"}");
    assertThat(never.statusCode()).isEqualTo(400);
    assertThat(json(never).get("field").asText()).isEqualTo("schedule");
    JsonNode onCalendar = json(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"Mon..Fri *-*-* 09:00\"}"));
    assertThat(onCalendar.get("schedule").asText()).as("systemd OnCalendar, as healthchecks takes it")
        .isEqualTo("Mon..Fri *-*-* 09:00");
    assertThat(json(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"Mon *-*-* 25:00\"}")).get("field").asText())
        .isEqualTo("schedule");
    JsonNode kyiv = json(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"0 9 * * *\",\"tz\":\"Europe/Kiev\"}"));
    assertThat(kyiv.get("tz").asText()).isEqualTo("Europe/Kyiv");
  }

  @Test
  void failureThresholdAndMaintenanceAreValidatedAndShown() {
    JsonNode created = json(edge.post("/api/v3/checks/", RW, JSON, "{\"failure_threshold\":3,\"maintenance\":"
        + "[{\"schedule\":\"0 2 * * SUN\",\"duration\":7200,\"tz\":\"Europe/Lisbon\"}]}"));
    assertThat(created.get("failure_threshold").asInt()).isEqualTo(3);
    assertThat(created.get("maintenance").get(0).get("duration").asLong()).isEqualTo(7200);
    assertThat(created.get("maintenance").get(0).get("tz").asText()).isEqualTo("Europe/Lisbon");
    assertThat(created.get("paused_until").isNull()).isTrue();
    assertThat(json(edge.get("/api/v3/checks/" + UUID, RW)).get("failure_threshold").asInt()).isEqualTo(1);
    for (String bad : List.of("{\"failure_threshold\":0}", "{\"failure_threshold\":1.5}")) {
      assertThat(json(edge.post("/api/v3/checks/", RW, JSON, bad)).get("field").asText()).isEqualTo("failure_threshold");
    }
    for (String bad : List.of("{\"maintenance\":{}}", "{\"maintenance\":[{\"schedule\":\"0 0 30 2 *\",\"duration\":60}]}",
        "{\"maintenance\":[{\"schedule\":\"0 2 * * *\"}]}", "{\"maintenance\":[{\"schedule\":\"0 2 * * *\",\"duration\":999999}]}")) {
      assertThat(json(edge.post("/api/v3/checks/", RW, JSON, bad)).get("field").asText()).isEqualTo("maintenance");
    }
  }

  @Test
  void aBadFieldIsA400NamingItAndNothingIsWritten() {
    HttpResponse<String> bad = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"x\",\"timeout\":\"soon\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("field").asText()).isEqualTo("timeout");
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{\"schedule\":\"not cron\"}").statusCode()).isEqualTo(400);
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "[1,2]").statusCode()).isEqualTo(400);
    assertThat(edge.post("/api/v3/checks/", RW, JSON, "{not json").statusCode()).isEqualTo(400);
    assertThat(checks.size()).isEqualTo(1);
  }

  @Test
  void statusComesFromTheStateWhereverItLives() {
    states.states.put(UUID, CheckState.newBuilder().setUuid(UUID).setStatus(CheckStatus.DOWN).setNPings(3).build());
    JsonNode check = json(edge.get("/api/v3/checks/" + UUID, RW));
    assertThat(check.get("status").asText()).isEqualTo("down");
    assertThat(check.get("n_pings").asInt()).isEqualTo(3);
    JsonNode stats = json(edge.get("/api/v3/stats", RO));
    assertThat(stats.get("total").asInt()).isEqualTo(1);
    assertThat(stats.get("down").asInt()).isEqualTo(1);
  }

  @Test
  void whileStateMovesReadsAre503WithRetryAfterNeverAWrongAnswer() {
    states.moving(true);
    for (String path : List.of("/api/v3/checks/", "/api/v3/checks/" + UUID, "/api/v3/stats")) {
      HttpResponse<String> moving = edge.get(path, RW);
      assertThat(moving.statusCode()).as(path).isEqualTo(503);
      assertThat(moving.headers().firstValue("Retry-After")).as(path).isPresent();
    }
  }

  @Test
  void anAcknowledgedCommandIsAnsweredEvenWhenItsStateCannotBeRead() {
    states.moving(true);
    HttpResponse<String> paused = edge.post("/api/v3/checks/" + UUID + "/pause", RW, JSON, "");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(checks.get(UUID).getPausedAt()).isNotNull();
  }

  @Test
  void resumeNeedsAPausedCheckAndDeleteWaitsForTheMonitor() {
    assertThat(edge.post("/api/v3/checks/" + UUID + "/resume", RW, JSON, "").statusCode()).isEqualTo(409);
    states.states.put(UUID, CheckState.newBuilder().setUuid(UUID).setStatus(CheckStatus.PAUSED).build());
    assertThat(edge.post("/api/v3/checks/" + UUID + "/resume", RW, JSON, "").statusCode()).isEqualTo(200);
    assertThat(checks.get(UUID).getResumedAt()).isNotNull();

    HttpResponse<String> deleted = edge.send("DELETE", "/api/v3/checks/" + UUID, RW, null, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json(deleted).get("name").asText()).isEqualTo("backup");
    assertThat(checks.byUuid(UUID)).isEmpty();
    assertThat(states.versionsAwaited).endsWith(StateQueries.DELETED);
    assertThat(edge.get("/api/v3/checks/" + UUID, RW).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownIdsAre404AsJson() {
    HttpResponse<String> missing = edge.get("/api/v3/checks/0f3a9a3c-0000-4222-8333-444455556666", RW);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isNotBlank();
    assertThat(edge.get("/api/v3/checks/not-an-id", RW).statusCode()).isEqualTo(404);
    assertThat(edge.get("/api/v3/no-such-route", RW).statusCode()).isEqualTo(404);
  }

  @Test
  void channelsTakeIdsUniqueNamesOrStarAndAnUnknownOneIsA400NamingIt() {
    HttpResponse<String> byId = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"a\",\"channels\":\"" + CHANNEL + "\"}");
    assertThat(byId.statusCode()).isEqualTo(201);
    assertThat(json(byId).get("channels").asText()).isEqualTo(CHANNEL);

    HttpResponse<String> byName = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"b\",\"channels\":\"ops\"}");
    assertThat(checks.get(json(byName).get("uuid").asText()).getChannels()).containsExactly(CHANNEL);

    HttpResponse<String> all = edge.post("/api/v3/checks/" + UUID, RW, JSON, "{\"channels\":\"*\"}");
    assertThat(checks.get(UUID).getChannels()).hasSize(3).first().isEqualTo(CHANNEL);
    assertThat(json(all).get("channels").asText()).contains(",");
    edge.post("/api/v3/checks/" + UUID, RW, JSON, "{\"channels\":\"\"}");
    assertThat(checks.get(UUID).getChannels()).isEmpty();

    HttpResponse<String> unknown = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"c\",\"channels\":\"ops,slack\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("field").asText()).isEqualTo("channels");
    assertThat(json(unknown).get("error").asText()).contains("slack");
    HttpResponse<String> ambiguous = edge.post("/api/v3/checks/", RW, JSON, "{\"name\":\"d\",\"channels\":\"dup\"}");
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(json(ambiguous).get("error").asText()).contains("ambiguous");
    assertThat(checks.size()).isEqualTo(3);
  }
}
