package io.lifeline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.testkit.Receiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard as an operator uses it, in Debian's headless Chromium driven by playwright-core
 * ({@code ingest-http/src/test/browser}), against a real instance on a real broker: the browser does
 * everything through the page, and the page through the public APIs. Chromium and Node are required:
 * without them this fails and says how to get them, since a browser test that skips proves nothing.
 */
class DashboardBrowserIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Path BROWSER_TESTS = Path.of("..", "ingest-http", "src", "test", "browser").toAbsolutePath()
      .normalize();
  private static final Path SCREENSHOTS = Path.of("..", "target", "screenshots").toAbsolutePath().normalize();
  private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
  private static final Duration BOUND = Duration.ofMinutes(4);
  private static final Receiver WEBHOOK = Receiver.start();

  static TestInstance lifeline;

  @BeforeAll
  static void start() {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of(
        "DEADLINE_CHECK_INTERVAL", "PT0.2S",
        "DELIVERY_ALLOWLIST", "127.0.0.1/32",
        "METERING_GRACE", "PT1S",
        "BATCH_SINK_URL", WEBHOOK.url("/billing")));
  }

  @AfterAll
  static void stop() {
    lifeline.close();
    WEBHOOK.close();
  }

  @Test
  void anOperatorDoesEverythingThroughThePage() throws Exception {
    requireTools();
    Path log = Files.createTempFile("dashboard-browser-test", ".log");
    ProcessBuilder browser = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-reporter=spec",
        "bundle.test.mjs", "dashboard.test.mjs")
        .directory(BROWSER_TESTS.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    browser.environment().putAll(Map.of(
        "BASE_URL", lifeline.base(),
        "API_KEY", "test-rw-key",
        "API_KEY_READONLY", "test-ro-key",
        "WEBHOOK_URL", WEBHOOK.url("/dashboard-hook"),
        "CHROMIUM", CHROMIUM,
        "SCREENSHOTS", SCREENSHOTS.toString()));
    Process node = browser.start();
    boolean finished = node.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(finished).as("the browser test ran longer than %s:%n%s", BOUND, output).isTrue();
    assertThat(node.exitValue()).as("the browser test failed:%n%s", output).isZero();
    assertThat(WEBHOOK.await(r -> r.path().startsWith("/dashboard-hook"), 1, Duration.ofSeconds(10)))
        .as("the test message sent from the channels page reached the webhook").isNotEmpty();
    assertThat(WEBHOOK.requests()).as("the batch the usage page shows as delivered reached the sink")
        .anyMatch(r -> r.path().startsWith("/billing"));
    assertThat(SCREENSHOTS.resolve("checks-1280.png")).exists();
    assertThat(SCREENSHOTS.resolve("checks-375.png")).exists();
  }

  /** Node, playwright-core and Chromium, or a message that says how to get them. */
  private static void requireTools() throws IOException, InterruptedException {
    assertThat(run(List.of("node", "--version"))).as(
        "Node.js 20 or later is needed for the dashboard's browser test: apt-get install nodejs npm").isZero();
    assertThat(Path.of(CHROMIUM)).as(
        "Chromium is needed for the dashboard's browser test: apt-get install chromium (or set CHROMIUM)").exists();
    if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))
        || !Files.isDirectory(BROWSER_TESTS.resolve("node_modules/uplot"))) {
      assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))).as(
          "npm ci failed in %s; run it there by hand to see why", BROWSER_TESTS).isZero();
    }
  }

  private static int run(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).directory(BROWSER_TESTS.toFile()).inheritIO().start();
      return p.waitFor(3, TimeUnit.MINUTES) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
