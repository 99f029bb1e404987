package io.lifeline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;

/**
 * The one shape of an error answer for a path: healthchecks' {@code {"error","field"}} on the routes
 * that copy healthchecks (pings, checks, badges, the process facade), so its clients keep working, and
 * {@code application/problem+json} everywhere else, the framework's own errors included.
 */
public final class ErrorBodies {

  private static final List<String> HEALTHCHECKS = List.of("/api/", "/ping/", "/process/", "/heartbeat/", "/badge/", "/b/");
  private static final List<String> METERING = List.of("/api/v1/pulses", "/api/v1/events", "/api/v1/usage");

  /** An error answer ready to send. */
  public record Body(String contentType, byte[] bytes) {}

  private ErrorBodies() {}

  public static boolean healthchecksRoute(String path) {
    if (path == null || METERING.stream().anyMatch(path::startsWith)) {
      return false;
    }
    return HEALTHCHECKS.stream().anyMatch(path::startsWith);
  }

  /** The answer for an error on {@code path}; {@code message} names the cause, {@code field} what was at fault. */
  public static Body of(String path, int status, String field, String message) {
    if (!healthchecksRoute(path)) {
      return new Body(Problems.CONTENT_TYPE, Problems.bytes(status, message, field));
    }
    ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    try {
      return new Body("application/json", Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(Context ctx, int status, String field, String message) {
    Body body = of(ctx.path(), status, field, message);
    ctx.status(status).contentType(body.contentType()).result(body.bytes());
  }
}
