package io.lifeline.http.metering;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lifeline.http.Json;
import io.lifeline.metering.ItemError;
import java.util.List;

/** RFC 9457 problem details for the ingest endpoints, with the bad items by index and field. */
final class Problems {

  static final String CONTENT_TYPE = "application/problem+json";
  static final String TYPE_BASE = "urn:lifeline:problem:";

  private Problems() {}

  static void write(Context ctx, int status, String type, String title, String detail, String field) {
    ObjectNode body = body(status, type, title, detail);
    if (field != null) {
      body.put("field", field);
    }
    send(ctx, status, body);
  }

  static void invalidItems(Context ctx, List<ItemError> errors) {
    long items = errors.stream().mapToInt(ItemError::index).distinct().count();
    ObjectNode body = body(400, "invalid-pulses", "Invalid pulses",
        items + " item(s) are invalid; nothing was written. Fix them and send the whole request again.");
    ArrayNode list = body.putArray("errors");
    errors.stream().sorted(java.util.Comparator.comparingInt(ItemError::index)).forEach(e -> {
      ObjectNode item = list.addObject().put("index", e.index());
      item.put("field", e.field());
      item.put("message", e.message());
    });
    send(ctx, 400, body);
  }

  private static ObjectNode body(int status, String type, String title, String detail) {
    return Json.MAPPER.createObjectNode()
        .put("type", TYPE_BASE + type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  private static void send(Context ctx, int status, ObjectNode body) {
    try {
      ctx.status(status).contentType(CONTENT_TYPE).result(Json.MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
