package io.lifeline.http.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.heartbeat.ChannelSpec;
import io.lifeline.http.Json;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.DeliveryAttempt;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Channels and delivery attempts as the API shows them; a read-only caller sees the secrets masked. */
final class ChannelJson {

  static final String MASK = "********";

  private ChannelJson() {}

  /** What healthchecks lists for an integration: {@code id}, {@code name}, {@code kind}. */
  static ObjectNode summary(ChannelDefinition c) {
    return Json.MAPPER.createObjectNode().put("id", c.getId()).put("name", c.getName())
        .put("kind", ChannelSpec.apiName(c.getKind()));
  }

  static ObjectNode full(ChannelDefinition c, boolean readOnly) {
    ObjectNode json = summary(c);
    ObjectNode config = json.putObject("config");
    Set<String> secrets = ChannelSpec.secretFields(c.getKind());
    c.getConfig().forEach((k, v) -> config.put(k, readOnly && secrets.contains(k) ? MASK : v));
    if (!c.getHeaders().isEmpty()) {
      ObjectNode headers = config.putObject("headers");
      c.getHeaders().forEach((k, v) -> headers.put(k, readOnly ? MASK : v));
    }
    json.put("created", c.getCreatedAt().toString()).put("updated", c.getUpdatedAt().toString());
    return json;
  }

  static ObjectNode attempt(DeliveryAttempt a) {
    ObjectNode json = Json.MAPPER.createObjectNode()
        .put("delivery_id", a.getDeliveryId())
        .put("event", a.getEvent().toLowerCase(Locale.ROOT))
        .put("check", a.getCheckUuid())
        .put("channel", a.getChannelId())
        .put("kind", a.getChannelKind())
        .put("attempt", a.getAttempt())
        .put("outcome", a.getOutcome().name().toLowerCase(Locale.ROOT))
        .put("latency_ms", a.getLatencyMillis())
        .put("at", a.getAt().toString());
    if (a.getHttpStatus() != null) {
      json.put("http_status", a.getHttpStatus());
    }
    if (a.getReply() != null) {
      json.put("reply", a.getReply());
    }
    if (a.getError() != null) {
      json.put("error", a.getError());
    }
    return json;
  }

  static ObjectNode attempts(List<DeliveryAttempt> attempts) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("deliveries");
    attempts.forEach(a -> list.add(attempt(a)));
    return body;
  }
}
