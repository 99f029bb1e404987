package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.heartbeat.Numbered;
import io.lifeline.http.Json;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import java.util.List;
import java.util.Map;

/**
 * A check's logged pings in healthchecks' format, newest first, with the run duration on finishing
 * pings (seconds, two decimals) and {@code body_url} where the ping kept a body.
 */
final class PingLogJson {

  private PingLogJson() {}

  /** {@code checkUrl}: the check's API URL, under which {@code pings/<n>/body} is served. */
  static ArrayNode of(List<Numbered<Ping>> newestFirst, String checkUrl) {
    Map<Long, Long> durations = CheckRules.runDurations(newestFirst);
    ArrayNode pings = Json.MAPPER.createArrayNode();
    for (Numbered<Ping> numbered : newestFirst) {
      Ping p = numbered.entry();
      ObjectNode json = pings.addObject()
          .put("type", type(p.getKind()))
          .put("date", IsoTime.precise(p.getReceivedAt()))
          .put("n", numbered.n())
          .put("scheme", "http")
          .put("remote_addr", p.getSourceAddress())
          .put("method", p.getMethod())
          .put("ua", p.getUserAgent())
          .put("rid", p.getRid())
          .put("body_url", p.getBody().isEmpty() ? null : checkUrl + "/pings/" + numbered.n() + "/body");
      if (p.getExitStatus() != null) {
        json.put("exitstatus", p.getExitStatus());
      }
      Long duration = durations.get(numbered.n());
      if (duration != null) {
        json.put("duration", Math.round(duration / 10.0) / 100.0);
      }
    }
    return pings;
  }

  private static String type(PingKind kind) {
    return switch (kind) {
      case SUCCESS -> "success";
      case START -> "start";
      case FAIL -> "fail";
      case LOG -> "log";
      case IGNORED -> "ign";
      default -> "unknown";
    };
  }
}
