package io.lifeline.heartbeat.monitor;

import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Ping;
import java.util.List;
import java.util.function.Supplier;

/**
 * Puts on each alert the body of the last ping received up to its time, as healthchecks' {@code $BODY}
 * shows it: on a {@code /fail} ping, usually the job's output. The ping history is read only when a
 * rule emitted an alert, so an ordinary ping costs no extra read.
 */
final class AlertBodies {

  /** An alert is one record per send: whatever PING_BODY_LIMIT allows, its body stays this small. */
  static final int LIMIT = 10_000;

  private AlertBodies() {}

  /**
   * Alerts of a ping at {@code pingAt}: the ones it caused carry its body; those of deadlines that had
   * passed before it carry the body of the ping before it.
   */
  static List<Alert> ofPing(List<Alert> alerts, Ping ping, long pingAt, Supplier<Ping> previous) {
    if (alerts.isEmpty()) {
      return alerts;
    }
    Ping before = alerts.stream().anyMatch(a -> a.getAt().toEpochMilli() < pingAt) ? previous.get() : null;
    return alerts.stream().map(a -> with(a, a.getAt().toEpochMilli() < pingAt ? before : ping)).toList();
  }

  /** Alerts of deadlines, passed by the scan or before a new definition: each carries the body of the last ping held. */
  static List<Alert> ofDeadline(List<Alert> alerts, Supplier<Ping> last) {
    if (alerts.isEmpty()) {
      return alerts;
    }
    Ping ping = last.get();
    return alerts.stream().map(a -> with(a, ping)).toList();
  }

  private static Alert with(Alert alert, Ping ping) {
    return Alert.newBuilder(alert).setBody(ping == null ? null : cut(ping.getBody())).build();
  }

  static String cut(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    if (body.length() <= LIMIT) {
      return body;
    }
    int end = Character.isHighSurrogate(body.charAt(LIMIT - 1)) ? LIMIT - 1 : LIMIT;
    return body.substring(0, end);
  }
}
