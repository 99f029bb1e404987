package io.lifeline.delivery.channel;

import io.lifeline.schemas.Alert;
import io.lifeline.schemas.CheckDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one message says, whatever the channel: the alert and what is known of its check. A test
 * message has {@code event} TEST and a made-up check, so a user sees how real alerts will look.
 *
 * @param event DOWN, UP or TEST
 * @param status the check's status as healthchecks names it: {@code down} or {@code up}
 * @param failures on DOWN, the consecutive failures and missed deadlines it took (failure_threshold); else 0
 * @param body the last ping's body, or null when the alert carries none
 */
public record Notice(
    String event,
    String alertId,
    String checkUuid,
    String name,
    String slug,
    List<String> tags,
    String desc,
    String status,
    String previousStatus,
    String reason,
    Instant at,
    Instant lastPing,
    String pingUrl,
    String checkUrl,
    Long timeoutSeconds,
    String schedule,
    long graceSeconds,
    int failures,
    String body) {

  public boolean isDown() {
    return status.equals("down");
  }

  /** The notice of an alert; the definition, when the check still exists, adds its slug, tags, description and period. */
  public static Notice of(Alert alert, CheckDefinition check, String publicBaseUrl) {
    String uuid = alert.getCheckUuid();
    return new Notice(alert.getStatus().name(), alert.getAlertId(), uuid,
        alert.getCheckName().isEmpty() && check != null ? check.getName() : alert.getCheckName(),
        check == null ? "" : check.getSlug(),
        check == null ? List.of() : List.copyOf(check.getTags()),
        check == null ? "" : check.getDesc(),
        alert.getStatus().name().toLowerCase(Locale.ROOT),
        alert.getPreviousStatus().name().toLowerCase(Locale.ROOT),
        alert.getReason().name().toLowerCase(Locale.ROOT),
        alert.getAt(), alert.getLastPing(), alert.getPingUrl(), checkUrl(publicBaseUrl, uuid),
        check == null || check.getSchedule() != null ? null : check.getTimeoutSeconds(),
        check == null ? null : check.getSchedule(),
        check == null ? 0 : check.getGraceSeconds(),
        alert.getFailures(), alert.getBody());
  }

  /** A test message for a channel, with an id of its own so a receiver that dedupes still shows it. */
  public static Notice test(String testId, Instant now, String publicBaseUrl) {
    String uuid = "00000000-0000-0000-0000-000000000000";
    return new Notice("TEST", testId, uuid, "Test notification from Lifeline", "test", List.of("test"),
        "This is a test message; a real alert looks like this.", "down", "up", "test", now, now.minusSeconds(3600),
        publicBaseUrl + "/ping/" + uuid, checkUrl(publicBaseUrl, uuid), 3600L, null, 300, 1,
        "This is where the last ping's body goes.");
  }

  private static String checkUrl(String publicBaseUrl, String uuid) {
    return publicBaseUrl + "/#check=" + uuid;
  }
}
