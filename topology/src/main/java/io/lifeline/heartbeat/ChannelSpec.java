package io.lifeline.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The fields of a channel create or update request, validated: {@code name}, {@code kind} and the
 * kind's {@code config}. A bad or missing config field is a 400 naming it as {@code config.<field>}.
 * It also says which config values are secrets (never logged, masked for read-only keys) and which
 * are network targets (checked against the SSRF guard).
 */
public final class ChannelSpec {

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
  private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{10,100}");
  private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,18}|@[A-Za-z0-9_]{4,64}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,<>]{1,64}@[A-Za-z0-9.-]{1,253}");
  /** Headers the HTTP client sets itself; a channel may not override them. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade", "expect", "idempotency-key");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT");
  private static final int MAX_BODY = 10_000;

  private String name;
  private ChannelKind kind;
  private JsonNode givenConfig;
  private Map<String, String> config;
  private Map<String, String> headers;

  private ChannelSpec() {}

  /** The API name of a kind: {@code webhook}, {@code slack}, {@code telegram}, {@code email}, {@code ntfy}. */
  public static String apiName(ChannelKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** Config fields whose values grant access to a target; never logged, masked for read-only keys. */
  public static Set<String> secretFields(ChannelKind kind) {
    return switch (kind) {
      case WEBHOOK, SLACK -> Set.of("url");
      case TELEGRAM -> Set.of("bot_token");
      case NTFY -> Set.of("token");
      default -> Set.of();
    };
  }

  /** Config fields that are URLs Lifeline connects to. */
  public static Set<String> targetFields(ChannelKind kind) {
    return switch (kind) {
      case WEBHOOK, SLACK, NTFY -> Set.of("url");
      default -> Set.of();
    };
  }

  /** A create needs name, kind and config; an update may give any of them, and a new kind needs its config. */
  public static ChannelSpec parse(JsonNode body, boolean create) {
    if (body == null || !body.isObject()) {
      throw new InvalidField("body", "the body must be a JSON object");
    }
    ChannelSpec s = new ChannelSpec();
    s.name = text(body, "name", 100);
    if (create && (s.name == null || s.name.isBlank())) {
      throw new InvalidField("name", "name is required");
    }
    String kind = text(body, "kind", 20);
    if (kind != null) {
      s.kind = kindOf(kind);
    } else if (create) {
      throw new InvalidField("kind", "kind is required: webhook, slack, telegram, email or ntfy");
    }
    JsonNode config = body.get("config");
    if (config != null && !config.isNull()) {
      if (!config.isObject()) {
        throw new InvalidField("config", "config must be a JSON object");
      }
      s.givenConfig = config;
    } else if (s.kind != null) {
      throw new InvalidField("config", "config is required for a " + kind + " channel");
    }
    return s;
  }

  /** The first version of a new channel. */
  public ChannelDefinition create(Clock clock) {
    readConfig();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return ChannelDefinition.newBuilder().setId(UUID.randomUUID().toString()).setName(name).setKind(kind)
        .setConfig(config).setHeaders(headers).setCreatedAt(now).setUpdatedAt(now).build();
  }

  /** The next version of a channel: the fields given replace the old ones; its version is strictly later. */
  public ChannelDefinition update(ChannelDefinition existing, Clock clock) {
    ChannelDefinition.Builder b = ChannelDefinition.newBuilder(existing);
    if (name != null) {
      b.setName(name);
    }
    if (givenConfig != null) {
      kind = kind == null ? existing.getKind() : kind;
      readConfig();
      b.setKind(kind).setConfig(config).setHeaders(headers);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return b.setUpdatedAt(now.isAfter(existing.getUpdatedAt()) ? now : existing.getUpdatedAt().plusMillis(1)).build();
  }

  private void readConfig() {
    config = new LinkedHashMap<>();
    headers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = givenConfig.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("headers") && kind == ChannelKind.WEBHOOK) {
        readHeaders(field.getValue());
      } else if (!allowed(field.getKey())) {
        throw new InvalidField("config." + field.getKey(), "a " + apiName(kind) + " channel has no config field "
            + field.getKey());
      } else {
        JsonNode v = field.getValue();
        if (!v.isTextual() && !(v.isIntegralNumber() && field.getKey().equals("chat_id"))) {
          throw new InvalidField("config." + field.getKey(), field.getKey() + " must be a string");
        }
        config.put(field.getKey(), v.asText());
      }
    }
    switch (kind) {
      case WEBHOOK -> {
        url("url");
        String method = config.getOrDefault("method", "POST").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
          throw new InvalidField("config.method", "method must be GET, POST or PUT");
        }
        config.put("method", method);
        length("body_down", MAX_BODY);
        length("body_up", MAX_BODY);
      }
      case SLACK -> url("url");
      case NTFY -> {
        url("url");
        length("token", 200);
      }
      case TELEGRAM -> {
        matches("bot_token", BOT_TOKEN, "bot_token must look like 123456:ABC-DEF... as BotFather gives it");
        matches("chat_id", CHAT_ID, "chat_id must be a number or an @channelname");
      }
      case EMAIL -> {
        String to = required("to");
        for (String address : to.split(",")) {
          if (!EMAIL.matcher(address.strip()).matches()) {
            throw new InvalidField("config.to", "not an email address: " + address.strip());
          }
        }
      }
      default -> throw new InvalidField("kind", "unknown kind");
    }
  }

  private boolean allowed(String field) {
    return switch (kind) {
      case WEBHOOK -> Set.of("url", "method", "body_down", "body_up").contains(field);
      case SLACK -> field.equals("url");
      case NTFY -> Set.of("url", "token").contains(field);
      case TELEGRAM -> Set.of("bot_token", "chat_id").contains(field);
      case EMAIL -> field.equals("to");
      default -> false;
    };
  }

  private void readHeaders(JsonNode given) {
    if (!given.isObject()) {
      throw new InvalidField("config.headers", "headers must be a JSON object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      if (!HEADER_NAME.matcher(h.getKey()).matches() || RESERVED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        throw new InvalidField("config.headers", "header name not allowed: " + h.getKey());
      }
      if (!h.getValue().isTextual() || h.getValue().asText().length() > 1000
          || h.getValue().asText().chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        throw new InvalidField("config.headers", "header " + h.getKey() + " must be a string of at most 1000 characters");
      }
      headers.put(h.getKey(), h.getValue().asText());
    }
  }

  private String required(String field) {
    String v = config.get(field);
    if (v == null || v.isBlank()) {
      throw new InvalidField("config." + field, field + " is required for a " + apiName(kind) + " channel");
    }
    return v;
  }

  private void url(String field) {
    String v = required(field);
    try {
      URI uri = new URI(v);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw new InvalidField("config." + field, field + " must be an http or https URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new InvalidField("config." + field, field + " is not a valid URL");
    }
    length(field, 2000);
  }

  private void matches(String field, Pattern pattern, String message) {
    if (!pattern.matcher(required(field)).matches()) {
      throw new InvalidField("config." + field, message);
    }
  }

  private void length(String field, int max) {
    String v = config.get(field);
    if (v != null && v.length() > max) {
      throw new InvalidField("config." + field, field + " is longer than " + max + " characters");
    }
  }

  private static ChannelKind kindOf(String kind) {
    for (ChannelKind k : ChannelKind.values()) {
      if (k != ChannelKind.UNKNOWN && apiName(k).equals(kind)) {
        return k;
      }
    }
    throw new InvalidField("kind", "kind must be webhook, slack, telegram, email or ntfy");
  }

  private static String text(JsonNode body, String field, int maxLength) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidField(field, field + " must be a string");
    }
    if (v.asText().length() > maxLength) {
      throw new InvalidField(field, field + " is longer than " + maxLength + " characters");
    }
    return v.asText();
  }
}
