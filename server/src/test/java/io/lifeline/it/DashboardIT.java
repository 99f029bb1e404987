package io.lifeline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.server.Lifeline;
import io.lifeline.server.TestInstance;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files and the HTTP metrics that Grafana reads, over real HTTP. Neither needs Kafka,
 * so the instance points at a port where nothing listens; the page itself is driven by DashboardBrowserIT.
 */
class DashboardIT {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Lifeline lifeline;

  @BeforeAll
  static void start() throws Exception {
    int nothingThere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingThere = socket.getLocalPort();
    }
    lifeline = Lifeline.start(TestInstance.config("127.0.0.1:" + nothingThere, Map.of()), e -> {});
  }

  @AfterAll
  static void stop() {
    lifeline.close();
  }

  @Test
  void theDashboardIsServedAtTheRoot() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.body()).contains("<title>Lifeline</title>").contains("src=\"js/main.js\"")
        .contains("href=\"app.css\"").contains("src=\"vendor/uPlot.iife.min.js\"").contains("href=\"favicon.svg\"");

    for (String script : List.of("/js/main.js", "/js/api.js", "/js/checks.js", "/vendor/uPlot.iife.min.js")) {
      assertThat(get(script).headers().firstValue("Content-Type")).as(script)
          .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    }
    assertThat(get("/app.css").headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
    assertThat(get("/favicon.svg").headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("image/svg+xml"));
    // Browsers and crawlers ask for /favicon.ico whatever the page declares.
    assertThat(get("/favicon.ico").statusCode()).isEqualTo(200);
    assertThat(get("/no-such-file.js").statusCode()).isEqualTo(404);
  }

  @Test
  void requestMetricsAreLatencyHistogramsLabelledByRouteTemplate() throws Exception {
    get("/health/live");
    get("/health/live");
    get("/not/a/route");
    get("/app.css");

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("# TYPE http_server_requests_seconds histogram")
        .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/health/live\",status=\"200\",le=\"0.01\"}")
        .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"} 2")
        .contains("route=\"unmatched\",status=\"404\"")
        .contains("route=\"static\",status=\"200\"")
        .doesNotContain("route=\"*\"");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lifeline.port() + path)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
