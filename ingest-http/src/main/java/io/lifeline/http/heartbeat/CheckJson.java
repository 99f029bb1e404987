package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.heartbeat.UniqueKey;
import io.lifeline.http.Json;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.MaintenanceWindow;
import io.lifeline.schemas.internal.CheckState;

/**
 * A check as the Management API shows it, with healthchecks' field names. The status comes from
 * {@link CheckRules#statusAt} ({@code started} in API v1 only, as healthchecks); a read-only caller
 * gets {@code unique_key} instead of the uuid and the URLs.
 */
final class CheckJson {

  private final String publicBaseUrl;

  CheckJson(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  ObjectNode of(CheckDefinition d, CheckState state, long now, boolean readOnly, String apiVersion) {
    String uuid = d.getUuid();
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("name", d.getName());
    json.put("slug", d.getSlug());
    json.put("tags", String.join(" ", d.getTags()));
    json.put("desc", d.getDesc());
    json.put("grace", d.getGraceSeconds());
    json.put("n_pings", state == null ? 0 : state.getNPings());
    json.put("status", CheckRules.statusAt(state, d, now, apiVersion.equals("v1")).json());
    json.put("started", state != null && state.getLastStart() != null);
    json.put("last_ping", state == null ? null : IsoTime.of(state.getLastPing()));
    json.put("next_ping", IsoTime.of(CheckRules.nextPing(state, d, now)));
    json.put("manual_resume", d.getManualResume());
    json.put("methods", d.getMethods());
    filters(json, d);
    json.put("badge_url", BadgeUrls.forCheck(publicBaseUrl, uuid));
    if (state != null && state.getLastDurationMillis() != null) {
      json.put("last_duration", state.getLastDurationMillis() / 1000);
    }
    if (d.getSchedule() != null) {
      json.put("schedule", d.getSchedule());
      json.put("tz", d.getTz());
    } else {
      json.put("timeout", d.getTimeoutSeconds());
    }
    lifelines(json, d, state);
    if (readOnly) {
      json.put("unique_key", UniqueKey.of(uuid));
    } else {
      String api = publicBaseUrl + "/api/" + apiVersion + "/checks/" + uuid;
      json.put("uuid", uuid);
      json.put("ping_url", publicBaseUrl + "/ping/" + uuid);
      json.put("update_url", api);
      json.put("pause_url", api + "/pause");
      json.put("resume_url", api + "/resume");
      json.put("channels", String.join(",", d.getChannels()));
    }
    return json;
  }

  /** The keyword filters, and healthchecks' older {@code subject} fields derived from them as it does. */
  private static void filters(ObjectNode json, CheckDefinition d) {
    json.put("subject", d.getFilterSubject() ? d.getSuccessKw() : "");
    json.put("subject_fail", d.getFilterSubject() ? d.getFailureKw() : "");
    json.put("start_kw", d.getStartKw());
    json.put("success_kw", d.getSuccessKw());
    json.put("failure_kw", d.getFailureKw());
    json.put("filter_subject", d.getFilterSubject());
    json.put("filter_body", d.getFilterBody());
    json.put("filter_http_body", d.getFilterHttpBody());
    json.put("filter_default_fail", d.getFilterDefaultFail());
  }

  /** Lifeline's own fields, beyond healthchecks'. */
  private static void lifelines(ObjectNode json, CheckDefinition d, CheckState state) {
    if (d.getMaxRuntimeSeconds() == null) {
      json.putNull("max_runtime");
    } else {
      json.put("max_runtime", d.getMaxRuntimeSeconds());
    }
    if (d.getRealertEverySeconds() == null) {
      json.putNull("realert_every");
    } else {
      json.put("realert_every", d.getRealertEverySeconds());
    }
    json.put("failure_threshold", Math.max(1, d.getFailureThreshold()));
    json.put("failures", state == null ? 0 : state.getFailures());
    json.put("paused_until", state == null ? null : IsoTime.of(state.getPausedUntil()));
    ArrayNode windows = json.putArray("maintenance");
    for (MaintenanceWindow w : d.getMaintenance()) {
      windows.addObject().put("schedule", w.getSchedule()).put("duration", w.getDurationSeconds()).put("tz", w.getTz());
    }
  }
}
