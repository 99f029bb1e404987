package io.lifeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
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
    if (key == null && body != null && body.path("api_key").isTextual()) {
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

  /** The JSON body of a command; an empty body is an empty object, anything else must be a JSON object. */
  public static JsonNode body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode body = Json.MAPPER.readTree(bytes);
      if (body == null || !body.isObject()) {
        throw ApiError.badRequest("body", "the body must be a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw ApiError.badRequest("body", "the body is not valid JSON");
    }
  }
}
