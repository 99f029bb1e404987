package io.lifeline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.lifeline.metering.ItemError;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9457 problem details, the error answers of every route but healthchecks' own: {@code type},
 * {@code title}, {@code status}, {@code detail} (the cause), and {@code field} when one field is at
 * fault. Bad items of a request are listed by index and field, the first {@link #MAX_LISTED} of them.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  static final String TYPE_BASE = "urn:lifeline:problem:";
  /** A request of 100,000 bad items must not get an answer of 20 MB: the first ones and a count say enough. */
  public static final int MAX_LISTED = 100;

  private Problems() {}

  public static void write(Context ctx, int status, String type, String title, String detail, String field) {
    send(ctx, status, bytes(status, type, title, detail, field));
  }

  /** A problem whose type and title are the status's own. */
  public static byte[] bytes(int status, String detail, String field) {
    String title = title(status);
    return bytes(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, detail, field);
  }

  static byte[] bytes(int status, String type, String title, String detail, String field) {
    ObjectNode body = body(status, type, title, detail);
    if (field != null) {
      body.put("field", field);
    }
    return json(body);
  }

  /** Bad items of a request: nothing of it was written; the first 100 are listed in request order. */
  public static void items(Context ctx, int status, String type, String title, String detail, List<ItemError> errors) {
    ObjectNode body = body(status, type, title, detail);
    body.put("errorCount", errors.size());
    ArrayNode list = body.putArray("errors");
    errors.stream().sorted(Comparator.comparingInt(ItemError::index)).limit(MAX_LISTED).forEach(e -> {
      ObjectNode item = list.addObject().put("index", e.index());
      item.put("field", e.field());
      item.put("message", e.message());
    });
    send(ctx, status, json(body));
  }

  static String title(int status) {
    HttpStatus known = HttpStatus.forStatus(status);
    return known == HttpStatus.UNKNOWN ? "Error " + status : known.getMessage();
  }

  private static ObjectNode body(int status, String type, String title, String detail) {
    return Json.MAPPER.createObjectNode()
        .put("type", TYPE_BASE + type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  private static byte[] json(ObjectNode body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(Context ctx, int status, byte[] body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(body);
  }
}
