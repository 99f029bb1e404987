package io.lifeline.server;

import io.lifeline.delivery.DeliverySettings;
import io.lifeline.delivery.channel.Cidr;
import io.lifeline.delivery.channel.SmtpSettings;
import io.lifeline.heartbeat.monitor.MonitorSettings;
import io.lifeline.http.HttpLimits;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.metering.IngestKeys;
import io.lifeline.metering.meter.MeteringSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's configuration, read from environment variables (DESIGN.md section 2) with defaults
 * that suit one machine. A bad value is reported by its variable name.
 */
public record ServerConfig(
    String bootstrapServers,
    String httpHost,
    int httpPort,
    String publicBaseUrl,
    String advertisedHost,
    String applicationId,
    Path dataDir,
    Path stateDir,
    int topicPartitions,
    short topicReplication,
    int standbyReplicas,
    Duration minPeriod,
    Duration deadlineCheckInterval,
    Duration meteringWindow,
    Duration meteringGrace,
    Duration dedupRetention,
    int pingBodyLimit,
    int ingestBodyLimit,
    int ingestRateLimit,
    Set<Role> roles,
    String apiKey,
    String apiKeyReadonly,
    String pingKey,
    HttpLimits httpLimits,
    Duration ingestAckTimeout,
    IngestKeys ingestKeys,
    DeliverySettings delivery,
    String badgeKey) {

  public enum Role { EDGE, STREAMS, DELIVERY }

  /** Bytes of one ingest request body: 5 MiB holds about 50,000 pulses. */
  public static final int DEFAULT_INGEST_BODY_LIMIT = 5 * 1024 * 1024;
  /** Ingest requests per second from one client address (0: no limit); a batch request counts once. */
  public static final int DEFAULT_INGEST_RATE_LIMIT = 5_000;

  public static ServerConfig fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    int port = e.integer("HTTP_PORT", 8080, 0, 65535);
    Path data = Path.of(e.text("DATA_DIR", "./data"));
    return new ServerConfig(
        e.text("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        e.text("HTTP_HOST", "0.0.0.0"),
        port,
        e.text("PUBLIC_BASE_URL", "http://localhost:" + port),
        e.text("ADVERTISED_HOST", "localhost"),
        e.text("APPLICATION_ID", "lifeline"),
        data,
        Path.of(e.text("STATE_DIR", data.resolve("streams").toString())),
        e.integer("TOPIC_PARTITIONS", 6, 1, 10_000),
        (short) e.integer("TOPIC_REPLICATION", 1, 1, 32),
        e.integer("STANDBY_REPLICAS", 0, 0, 8),
        e.duration("MIN_PERIOD", "PT1S"),
        e.duration("DEADLINE_CHECK_INTERVAL", "PT0.25S"),
        e.duration("METERING_WINDOW", "PT1H"),
        e.duration("METERING_GRACE", "PT5M"),
        e.duration("DEDUP_RETENTION", "P7D"),
        e.integer("PING_BODY_LIMIT", 10_000, 0, 10_000_000),
        e.integer("INGEST_BODY_LIMIT", DEFAULT_INGEST_BODY_LIMIT, 1024, Integer.MAX_VALUE),
        e.integer("INGEST_RATE_LIMIT", DEFAULT_INGEST_RATE_LIMIT, 0, Integer.MAX_VALUE),
        e.roles("ROLES", "edge,streams,delivery"),
        env.get("LIFELINE_API_KEY"),
        env.get("LIFELINE_API_KEY_READONLY"),
        env.get("LIFELINE_PING_KEY"),
        new HttpLimits(
            e.duration("HTTP_IDLE_TIMEOUT", HttpLimits.DEFAULTS.idleTimeout().toString()),
            e.duration("HTTP_HEADER_TIMEOUT", HttpLimits.DEFAULTS.headerTimeout().toString()),
            e.integer("HTTP_MIN_REQUEST_RATE", HttpLimits.DEFAULTS.minRequestRate(), 0, Integer.MAX_VALUE),
            e.integer("HTTP_MAX_CONNECTIONS", HttpLimits.DEFAULTS.maxConnections(), 1, 1_000_000),
            e.integer("HTTP_MAX_REQUESTS_PER_CLIENT", HttpLimits.DEFAULTS.maxRequestsPerClient(), 1, 1_000_000)),
        e.duration("INGEST_ACK_TIMEOUT", "PT5S"),
        e.ingestKeys("INGEST_API_KEYS", "INGEST_API_KEYS_FILE"),
        delivery(e, e.text("PUBLIC_BASE_URL", "http://localhost:" + port)),
        env.get("LIFELINE_BADGE_KEY"));
  }

  private static DeliverySettings delivery(Env e, String publicBaseUrl) {
    String smtpSecurity = e.text("SMTP_SECURITY", "starttls").toLowerCase(Locale.ROOT);
    if (!List.of("none", "starttls", "tls").contains(smtpSecurity)) {
      throw new InvalidConfig("SMTP_SECURITY=" + smtpSecurity + " must be none, starttls or tls");
    }
    Duration timeout = e.duration("DELIVERY_TIMEOUT", "PT10S");
    return new DeliverySettings(
        publicBaseUrl,
        e.cidrs("DELIVERY_ALLOWLIST"),
        timeout,
        e.integer("DELIVERY_RETRY_ATTEMPTS", 6, 1, 100),
        e.duration("DELIVERY_RETRY_BACKOFF", "PT1S"),
        e.duration("DELIVERY_RETRY_BACKOFF_MAX", "PT5M"),
        e.duration("DELIVERY_BREAKER_OPEN", "PT30S"),
        e.integer("DELIVERY_CONCURRENCY", 4, 1, 256),
        e.url("BATCH_SINK_URL"),
        e.env().get("BATCH_SINK_TOKEN"),
        e.text("TELEGRAM_API_BASE", "https://api.telegram.org"),
        new SmtpSettings(e.env().get("SMTP_HOST"), e.integer("SMTP_PORT", 587, 1, 65535), e.env().get("SMTP_USER"),
            e.env().get("SMTP_PASSWORD"), e.text("SMTP_FROM", "lifeline@localhost"), smtpSecurity, timeout));
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  public HttpSettings httpSettings() {
    return new HttpSettings(httpHost, httpPort, publicBaseUrl, minPeriod, pingBodyLimit, ingestBodyLimit,
        ingestRateLimit, dedupRetention);
  }

  public MonitorSettings monitorSettings() {
    return new MonitorSettings(publicBaseUrl, deadlineCheckInterval);
  }

  public MeteringSettings meteringSettings() {
    return new MeteringSettings(meteringWindow, meteringGrace, dedupRetention, deadlineCheckInterval);
  }

  /** A configuration value that cannot be used; the message names the variable. */
  public static final class InvalidConfig extends RuntimeException {
    InvalidConfig(String message) {
      super(message);
    }
  }

  private record Env(Map<String, String> env) {
    String text(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.strip();
    }

    int integer(String name, int fallback, int min, int max) {
      String v = text(name, String.valueOf(fallback));
      try {
        int i = Integer.parseInt(v);
        if (i < min || i > max) {
          throw new InvalidConfig(name + "=" + v + " is outside " + min + ".." + max);
        }
        return i;
      } catch (NumberFormatException ex) {
        throw new InvalidConfig(name + "=" + v + " is not a whole number");
      }
    }

    Duration duration(String name, String fallback) {
      String v = text(name, fallback);
      try {
        Duration d = Duration.parse(v);
        if (d.isNegative() || d.isZero()) {
          throw new InvalidConfig(name + "=" + v + " must be positive");
        }
        return d;
      } catch (DateTimeParseException ex) {
        throw new InvalidConfig(name + "=" + v + " is not an ISO-8601 duration such as PT1S or P7D");
      }
    }

    List<Cidr> cidrs(String name) {
      String v = text(name, "");
      try {
        return Arrays.stream(v.split(",")).map(String::strip).filter(c -> !c.isEmpty()).map(Cidr::parse).toList();
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfig(name + "=" + v + " must be comma-separated CIDRs such as 127.0.0.1/32: " + ex.getMessage());
      }
    }

    /** An http or https URL, or null when unset. */
    String url(String name) {
      String v = text(name, "");
      if (v.isEmpty()) {
        return null;
      }
      try {
        URI uri = new URI(v);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new InvalidConfig(name + " must be an http or https URL with a host");
        }
        return v;
      } catch (java.net.URISyntaxException ex) {
        throw new InvalidConfig(name + " is not a valid URL");
      }
    }

    /** Keys from the variable and from the file it names; a malformed entry names the variable, never the key. */
    IngestKeys ingestKeys(String name, String fileName) {
      IngestKeys keys = IngestKeys.OPEN;
      try {
        keys = keys.and(IngestKeys.parse(text(name, "")));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfig(name + ": " + ex.getMessage());
      }
      String file = text(fileName, "");
      if (!file.isEmpty()) {
        try {
          keys = keys.and(IngestKeys.parse(Files.readString(Path.of(file))));
        } catch (IOException ex) {
          throw new InvalidConfig(fileName + "=" + file + " cannot be read: " + ex.getMessage());
        } catch (IllegalArgumentException ex) {
          throw new InvalidConfig(fileName + "=" + file + ": " + ex.getMessage());
        }
      }
      return keys;
    }

    Set<Role> roles(String name, String fallback) {
      String v = text(name, fallback);
      try {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
            .map(s -> Role.valueOf(s.toUpperCase())).collect(Collectors.toUnmodifiableSet());
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfig(name + "=" + v + " must list edge, streams and/or delivery");
      }
    }
  }
}
