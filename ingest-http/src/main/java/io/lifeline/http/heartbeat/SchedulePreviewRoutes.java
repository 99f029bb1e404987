package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.heartbeat.CronSchedule;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Cors;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /api/v3/schedule?schedule=<cron or OnCalendar>&tz=<zone>}: whether a schedule is valid, as a
 * check's {@code schedule} field would be judged, and its next runs, so a form can say so as one types.
 */
public final class SchedulePreviewRoutes implements RouteGroup {

  public static final String PATH = "/api/v3/schedule";
  private static final int RUNS = 5;

  private final ApiAuth auth;
  private final Clock clock;

  public SchedulePreviewRoutes(ApiAuth auth, Clock clock) {
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, Cors.allow(this::preview));
  }

  private void preview(Context ctx) {
    auth.read(ctx);
    String schedule = Optional.ofNullable(ctx.queryParam("schedule")).map(String::strip).orElse("");
    if (schedule.isEmpty()) {
      throw ApiError.badRequest("schedule", "schedule is required");
    }
    CronSchedule.problemWith(schedule).ifPresent(problem -> {
      throw ApiError.badRequest("schedule", "invalid schedule: " + problem);
    });
    String tz = CronSchedule.canonicalZone(Optional.ofNullable(ctx.queryParam("tz")).filter(z -> !z.isBlank())
        .orElse("UTC"));
    if (!CronSchedule.isValidZone(tz)) {
      throw ApiError.badRequest("tz", "unknown time zone: " + ctx.queryParam("tz"));
    }
    ObjectNode answer = Json.MAPPER.createObjectNode().put("schedule", schedule).put("tz", tz);
    ArrayNode next = answer.putArray("next");
    long after = clock.millis();
    for (int i = 0; i < RUNS; i++) {
      Optional<Long> run = CronSchedule.nextAfter(schedule, tz, after);
      if (run.isEmpty()) {
        break;
      }
      after = run.get();
      next.add(IsoTime.of(after));
    }
    ctx.json(answer);
  }
}
