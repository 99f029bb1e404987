package io.lifeline.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lifeline.metering.ItemError;
import io.lifeline.metering.PulseJson;
import io.lifeline.metering.Unreadable;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Management API keys: {@code X-Api-Key}, or an {@code api_key} field in the JSON body, as healthchecks accepts. */
public final class ApiAuth {

  private final ApiKeys keys;

  public ApiAuth(ApiKeys keys) {
    this.keys = keys;
  }

  /** Read access: either key. Returns true when the caller holds only the read-only key. */
  public boolean read(Context ctx) {
    return access(ctx, null) == ApiKeys.Access.READ_ONLY;
  }

  /** Write access: the read-write key only; the read-only key is refused like a wrong key (401). */
  public void write(Context ctx, JsonNode body) {
    if (access(ctx, body) != ApiKeys.Access.READ_WRITE) {
      throw new ApiError(401, "api_key", "wrong api key: this endpoint needs the read-write key");
    }
  }

  private ApiKeys.Access access(Context ctx, JsonNode body) {
    String key = ctx.header("X-Api-Key");
    if (body != null && body.has("api_key") && !body.get("api_key").isTextual()) {
      throw ApiError.badRequest("api_key", "api_key must be a string");
    }
    if (key == null && body != null && body.has("api_key")) {
      key = body.get("api_key").asText();
    }
    if (key == null || key.isEmpty()) {
      throw new ApiError(401, "api_key", "missing api key");
    }
    ApiKeys.Access access = keys.accessOf(key);
    if (access == ApiKeys.Access.NONE) {
      throw new ApiError(401, "api_key", "wrong api key");
    }
    return access;
  }

  /**
   * The JSON body of a command; an empty body is an empty object, anything else must be one JSON
   * object, read as strictly as pulses are: a key twice, content after the object, bytes that are not
   * UTF-8, a number out of range or deep nesting is a 400 naming the field.
   */
  public static JsonNode body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    JsonParser parser = null;
    try {
      parser = PulseJson.MAPPER.createParser(PulseJson.strictUtf8(new ByteArrayInputStream(bytes)));
      try (JsonParser p = parser) {
        JsonNode body = PulseJson.MAPPER.readTree(p);
        if (body == null || !body.isObject()) {
          throw ApiError.badRequest("body", "the body must be a JSON object");
        }
        if (p.nextToken() != null) {
          throw ApiError.badRequest("body", "the body must hold one JSON object and nothing after it");
        }
        return body;
      }
    } catch (IOException | NumberFormatException | ArithmeticException e) {
      ItemError error = Unreadable.error(0, parser, e);
      throw error.field() == null ? ApiError.badRequest("body", error.message())
          : ApiError.badRequest(error.field(), error.field() + " " + error.message());
    }
  }
}
