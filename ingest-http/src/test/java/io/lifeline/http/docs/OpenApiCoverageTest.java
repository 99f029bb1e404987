package io.lifeline.http.docs;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.RW;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.lifeline.heartbeat.BadgeKeys;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.Numbered;
import io.lifeline.http.HealthRoutes;
import io.lifeline.http.HttpApp;
import io.lifeline.http.HttpLimits;
import io.lifeline.http.ReadinessProbe;
import io.lifeline.http.RouteGroup;
import io.lifeline.http.delivery.ChannelRoutes;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChannels;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.http.fakes.FakeFlipFeed;
import io.lifeline.http.fakes.FakePulseSink;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.http.heartbeat.BadgeRoutes;
import io.lifeline.http.heartbeat.EventRoutes;
import io.lifeline.http.heartbeat.ManagementRoutes;
import io.lifeline.http.heartbeat.PingRoutes;
import io.lifeline.http.heartbeat.ProcessRoutes;
import io.lifeline.http.heartbeat.SchedulePreviewRoutes;
import io.lifeline.http.metering.IngestKeys;
import io.lifeline.http.metering.IngestRoutes;
import io.lifeline.http.metering.UsageRoutes;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} against the routes the edge really serves, with every public route group the
 * server wires: each route is in the document, and each documented operation answers something other
 * than 404 when given real values.
 */
class OpenApiCoverageTest {

  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final String CHANNEL = "0f3a9a3c-1111-4222-8333-777777777777";
  private static final String PROCESS = "ShortLivedProcess_0a1b2c3d";
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

  private final Instant t = Instant.parse("2026-01-01T00:00:00Z");
  private final CheckDefinition backup = CheckDefinition.newBuilder().setUuid(UUID).setName("backup").setSlug("backup")
      .setTags(List.of("prod")).setPingKey(PING_KEY).setCreatedAt(t).setUpdatedAt(t).build();
  private final CheckDefinition process = new CheckChanges(Clock.systemUTC(), PING_KEY)
      .process(PROCESS, List.of("process", "short-lived"), 30);
  private final ChannelDefinition channel = ChannelDefinition.newBuilder().setId(CHANNEL).setName("ops")
      .setKind(ChannelKind.WEBHOOK).setConfig(Map.of("url", "https://hooks.example.com/ops")).setCreatedAt(t)
      .setUpdatedAt(t).build();
  private final FakeChecks checks = new FakeChecks().with(backup).with(process);
  private final FakeStates states = new FakeStates();
  private final FakeChannels channels = new FakeChannels().with(channel);
  private final Edge edge = Edge.with(settings -> groups(settings));

  private List<RouteGroup> groups(io.lifeline.http.HttpSettings settings) {
    CheckChanges changes = new CheckChanges(Clock.systemUTC(), PING_KEY);
    return List.of(
        new HealthRoutes(() -> new ReadinessProbe.Status(true, List.of(), List.of()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
        new ApiDocsRoutes(settings),
        new PingRoutes(checks, checks, changes, settings, new SimpleMeterRegistry()),
        new ManagementRoutes(checks, channels, checks, states, changes, Edge.AUTH, settings),
        new BadgeRoutes(checks, states, Edge.AUTH, settings, Edge.BADGE_KEY),
        new ChannelRoutes(channels, channels, channels, checks, checks, changes, states, Edge.AUTH, Clock.systemUTC()),
        new ProcessRoutes(checks, checks, states, changes, Edge.AUTH),
        new IngestRoutes(new FakePulseSink(), settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC()),
        new UsageRoutes(states, Edge.AUTH, Clock.systemUTC()),
        new EventRoutes(new FakeFlipFeed(), Edge.AUTH),
        new SchedulePreviewRoutes(Edge.AUTH, Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private JsonNode spec() {
    return json(edge.get("/openapi.json", null));
  }

  @Test
  void theDocumentIsOpenApi31AndTheDocsPageRendersTheBundledScriptOnly() {
    JsonNode spec = spec();
    assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");
    HttpResponse<String> page = edge.get("/docs", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("/openapi.json").doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void everyPublicRouteIsInTheDocument() {
    Set<String> routes = new TreeSet<>();
    Javalin served = HttpApp.create(Edge.SETTINGS, HttpLimits.DEFAULTS, new SimpleMeterRegistry(), groups(Edge.SETTINGS));
    served.unsafe.internalRouter.allHttpHandlers().forEach(e -> {
      String path = e.endpoint.path;
      String method = e.endpoint.method.name().toLowerCase(Locale.ROOT);
      if (!path.contains("*") && !method.equals("before") && !method.equals("after")) {
        routes.add(method + " " + path);
      }
    });
    Set<String> documented = new TreeSet<>();
    spec().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(method -> documented.add(method + " " + p.getKey())));

    assertThat(routes).hasSizeGreaterThan(80);
    assertThat(documented).containsAll(routes);
    assertThat(routes).containsAll(documented);
  }

  @Test
  void everyDocumentedOperationAnswersSomethingOtherThan404() {
    states.pings.put(UUID, List.of(new Numbered<>(1, Ping.newBuilder().setCheckUuid(UUID).setKind(PingKind.SUCCESS)
        .setReceivedAt(t).setBody("log line").build())));
    JsonNode tagUrls = json(edge.get("/api/v3/badges/", RO)).get("badges").get("prod");
    String[] tagPath = tagUrls.get("json").asText().substring("http://lifeline.test/badge/".length()).split("/");
    String[] allPath = json(edge.get("/api/v3/badges/", RO)).get("badges").get("*").get("json").asText()
        .substring("http://lifeline.test/badge/".length()).split("/");
    Map<String, String> values = Map.ofEntries(Map.entry("uuid", UUID), Map.entry("uuidOrPingKey", UUID),
        Map.entry("signalOrSlug", "start"), Map.entry("pingKey", PING_KEY), Map.entry("slug", "backup"),
        Map.entry("signal", "fail"), Map.entry("id", UUID), Map.entry("n", "1"), Map.entry("badgeProject", tagPath[0]),
        Map.entry("signature", tagPath[1]), Map.entry("tagFile", tagPath[2]), Map.entry("badgeFile", allPath[1]),
        Map.entry("states", "3"), Map.entry("checkBadgeFile", BadgeKeys.of(UUID) + ".json"),
        Map.entry("processId", PROCESS));

    List<String[]> operations = new ArrayList<>();
    spec().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(method -> operations.add(new String[] {method, p.getKey()})));
    operations.sort(Comparator.comparing((String[] o) -> o[0].equals("delete")));
    assertThat(operations).hasSizeGreaterThan(80);
    for (String[] op : operations) {
      checks.with(backup).with(process);
      channels.with(channel);
      String path = op[1].contains("/channels/") ? op[1].replace("{id}", CHANNEL) : op[1];
      Matcher m = PARAM.matcher(path);
      StringBuilder concrete = new StringBuilder();
      while (m.find()) {
        assertThat(values).as("a value for {%s} of %s", m.group(1), op[1]).containsKey(m.group(1));
        m.appendReplacement(concrete, values.get(m.group(1)));
      }
      m.appendTail(concrete);
      String body = op[0].equals("post") ? "{}" : null;
      HttpResponse<String> answer = edge.send(op[0].toUpperCase(Locale.ROOT), concrete.toString(), RW,
          body == null ? null : "application/json", body);
      assertThat(answer.statusCode()).as("%s %s (%s)", op[0], op[1], concrete).isNotEqualTo(404);
    }
  }
}
