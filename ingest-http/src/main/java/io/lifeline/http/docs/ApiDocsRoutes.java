package io.lifeline.http.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.lifeline.http.Cors;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /openapi.json} (OpenAPI 3.1, see {@link OpenApiSpec}) and {@code /docs}, a page that renders it
 * with a small script bundled in this jar: nothing is loaded from elsewhere at run time.
 */
public final class ApiDocsRoutes implements RouteGroup {

  private final String spec;
  private final String page;

  public ApiDocsRoutes(HttpSettings settings) {
    try {
      this.spec = Json.MAPPER.writeValueAsString(OpenApiSpec.build(settings.publicBaseUrl()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    this.page = resource("/docs/index.html");
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/openapi.json", Cors.allow(ctx -> ctx.contentType("application/json").result(spec)));
    routes.get("/docs", ctx -> ctx.html(page));
  }

  private static String resource(String name) {
    try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
