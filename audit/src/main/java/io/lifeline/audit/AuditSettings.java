package io.lifeline.audit;

import io.lifeline.heartbeat.monitor.MonitorSettings;
import io.lifeline.metering.meter.MeteringSettings;
import java.time.Duration;
import java.util.Map;

/**
 * What a replay must share with the servers that wrote the logs: the windows, the grace, the dedup
 * retention and the base of ping URLs. Read from the servers' own environment variables with the
 * servers' defaults (README, Configuration), so a replay run where the server runs agrees with it.
 * The scan interval does not change any outcome; the replay uses the servers' one all the same.
 */
public record AuditSettings(Duration window, Duration grace, Duration dedupRetention, Duration scanInterval,
    String publicBaseUrl) {

  public static AuditSettings fromEnv(Map<String, String> env) {
    String port = value(env, "HTTP_PORT", "8080");
    return new AuditSettings(
        duration(env, "METERING_WINDOW", "PT1H"),
        duration(env, "METERING_GRACE", "PT5M"),
        duration(env, "DEDUP_RETENTION", "P7D"),
        duration(env, "DEADLINE_CHECK_INTERVAL", "PT0.25S"),
        value(env, "PUBLIC_BASE_URL", "http://localhost:" + port));
  }

  public MeteringSettings metering() {
    return new MeteringSettings(window, grace, dedupRetention, scanInterval);
  }

  public MonitorSettings monitor() {
    return new MonitorSettings(publicBaseUrl, scanInterval);
  }

  AuditSettings with(Duration window, Duration grace, Duration dedupRetention, String publicBaseUrl) {
    return new AuditSettings(window == null ? this.window : window, grace == null ? this.grace : grace,
        dedupRetention == null ? this.dedupRetention : dedupRetention, scanInterval,
        publicBaseUrl == null ? this.publicBaseUrl : publicBaseUrl);
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    String v = value(env, name, fallback);
    try {
      return Duration.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(name + "=" + v + " is not an ISO-8601 duration such as PT1S or P7D");
    }
  }
}
