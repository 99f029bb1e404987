package io.lifeline.http.heartbeat;

import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The form's schedule preview: judged as a check's schedule is, with the next runs in the chosen zone. */
class SchedulePreviewRoutesTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);
  private final Edge edge = Edge.with(settings -> List.of(new SchedulePreviewRoutes(Edge.AUTH, CLOCK)));

  @AfterEach
  void stop() {
    edge.close();
  }

  private HttpResponse<String> preview(String schedule, String tz) {
    return edge.get(SchedulePreviewRoutes.PATH + "?schedule=" + URLEncoder.encode(schedule, StandardCharsets.UTF_8)
        + (tz == null ? "" : "&tz=" + URLEncoder.encode(tz, StandardCharsets.UTF_8)), RO);
  }

  @Test
  void theNextFiveRunsAreInTheChosenZone() {
    HttpResponse<String> answer = preview("0 3 * * *", "Europe/Lisbon");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode body = json(answer);
    assertThat(body.get("tz").asText()).isEqualTo("Europe/Lisbon");
    // 03:00 in Lisbon is 03:00 UTC until the clocks go forward on 29 March, then 02:00 UTC.
    assertThat(body.get("next").toString()).isEqualTo("[\"2026-03-11T03:00:00+00:00\",\"2026-03-12T03:00:00+00:00\","
        + "\"2026-03-13T03:00:00+00:00\",\"2026-03-14T03:00:00+00:00\",\"2026-03-15T03:00:00+00:00\"]");
    assertThat(json(preview("0 3 * * *", "Asia/Tokyo")).get("next").get(0).asText())
        .isEqualTo("2026-03-10T18:00:00+00:00");
  }

  @Test
  void withoutAZoneTheScheduleRunsInUtc() {
    assertThat(json(preview("*/15 * * * *", null)).get("next").get(0).asText()).isEqualTo("2026-03-10T12:15:00+00:00");
  }

  @Test
  void aBadScheduleOrZoneIsA400NamingTheField() {
    HttpResponse<String> badCron = preview("61 * * * *", "UTC");
    assertThat(badCron.statusCode()).isEqualTo(400);
    assertThat(json(badCron).get("field").asText()).isEqualTo("schedule");
    HttpResponse<String> badZone = preview("0 3 * * *", "Mars/Olympus");
    assertThat(badZone.statusCode()).isEqualTo(400);
    assertThat(json(badZone).get("field").asText()).isEqualTo("tz");
    assertThat(json(preview(" ", "UTC")).get("field").asText()).isEqualTo("schedule");
  }

  @Test
  void aKeyIsNeeded() {
    assertThat(edge.get(SchedulePreviewRoutes.PATH + "?schedule=*+*+*+*+*", null).statusCode()).isEqualTo(401);
  }
}
