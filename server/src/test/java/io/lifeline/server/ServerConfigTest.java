package io.lifeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.audit.AuditSettings;
import io.lifeline.http.HttpLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsSuitOneMachine() {
    ServerConfig config = ServerConfig.fromEnv(Map.of());
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.publicBaseUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.stateDir()).isEqualTo(Path.of("./data/streams"));
    assertThat(config.topicPartitions()).isEqualTo(6);
    assertThat(config.meteringWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(config.dedupRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.roles()).containsExactlyInAnyOrder(ServerConfig.Role.values());
    assertThat(config.ingestKeys().open()).isTrue();
    assertThat(config.ingestAckTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.httpLimits()).isEqualTo(HttpLimits.DEFAULTS);
  }

  @Test
  void ingestKeysComeFromTheVariableAndTheFileItNames() throws Exception {
    Path file = Files.createTempFile("ingest-keys", "");
    Files.writeString(file, "# one per line, or comma-separated\nfile-key-0001\nacme-key-0001=acme  # bound\n");
    ServerConfig config = ServerConfig.fromEnv(Map.of("INGEST_API_KEYS", "env-key-00001, other-key-01=globex",
        "INGEST_API_KEYS_FILE", file.toString()));
    assertThat(config.ingestKeys().open()).isFalse();
    assertThat(config.ingestKeys().size()).isEqualTo(4);
  }

  @Test
  void aMalformedIngestKeyNamesItsVariableButNeverTheKey() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("INGEST_API_KEYS", "good-key-0001,short")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("INGEST_API_KEYS: entry 2")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("INGEST_API_KEYS", "good-key-0001=not a tenant")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("tenant");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("INGEST_API_KEYS_FILE", "/no/such/file")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("INGEST_API_KEYS_FILE=/no/such/file");
  }

  @Test
  void publicBaseUrlFollowsThePort() {
    assertThat(ServerConfig.fromEnv(Map.of("HTTP_PORT", "9000")).publicBaseUrl()).isEqualTo("http://localhost:9000");
  }

  /** A replay that disagreed with the servers on a window or a URL would report differences that are not there. */
  @Test
  void theAuditReplayReadsTheSameSettingsAsTheServer() {
    for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("HTTP_PORT", "9000",
        "METERING_WINDOW", "PT2S", "METERING_GRACE", "PT1S", "DEDUP_RETENTION", "P1D", "DEADLINE_CHECK_INTERVAL",
        "PT0.25S"), Map.of("PUBLIC_BASE_URL", "https://lifeline.example"))) {
      ServerConfig server = ServerConfig.fromEnv(env);
      AuditSettings replay = AuditSettings.fromEnv(env);
      assertThat(replay.metering()).as("%s", env).isEqualTo(server.meteringSettings());
      assertThat(replay.monitor()).as("%s", env).isEqualTo(server.monitorSettings());
    }
  }

  @Test
  void aBadValueIsReportedByItsVariable() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HTTP_PORT", "eighty")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("HTTP_PORT=eighty");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("METERING_WINDOW", "1h")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("METERING_WINDOW=1h");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("MIN_PERIOD", "PT0S")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("MIN_PERIOD");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("ROLES", "edge,cook")))
        .isInstanceOf(ServerConfig.InvalidConfig.class).hasMessageContaining("ROLES");
  }
}
