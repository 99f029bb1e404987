package io.lifeline.delivery.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * healthchecks.io's webhook placeholders: {@code $CODE} (the check's uuid), {@code $STATUS}
 * ({@code up}/{@code down}), {@code $NOW}, {@code $NAME}, {@code $NAME_JSON}, {@code $SLUG}, {@code $TAGS},
 * {@code $TAG1}…, {@code $DESC}, {@code $JSON} (the check as JSON), {@code $BODY} and {@code $BODY_JSON} (the
 * last ping's body, as is and as a JSON string); and Lifeline's {@code $FAILURES} (how many failures in a
 * row took the check down). One pass, so a value that itself contains a placeholder is not expanded
 * again. In a URL the values are URL-encoded. As in healthchecks, the ping body fills a request body
 * only: in a URL or a header {@code $BODY} stays as written, so a job's output never lands in a query
 * string or a header line.
 */
public final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile(
      "\\$(CODE|STATUS|NOW|NAME_JSON|NAME|SLUG|TAGS|TAG(\\d+)|DESC|JSON|BODY_JSON|BODY|FAILURES)");
  private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
      .withZone(ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  private Templates() {}

  public static String body(String template, Notice notice) {
    return expand(template, notice, UnaryOperator.identity(), true);
  }

  public static String url(String template, Notice notice) {
    return expand(template, notice, v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"), false);
  }

  /** In a header, a value may not break the line. */
  public static String header(String template, Notice notice) {
    return expand(template, notice, v -> v.replaceAll("[\\r\\n]+", " "), false);
  }

  private static String expand(String template, Notice notice, UnaryOperator<String> escape, boolean pingBody) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = !pingBody && m.group(1).startsWith("BODY") ? m.group() : escape.apply(value(m, notice));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(Matcher m, Notice n) {
    return switch (m.group(1)) {
      case "CODE" -> n.checkUuid();
      case "STATUS" -> n.status();
      case "NOW" -> NOW.format(n.at().truncatedTo(ChronoUnit.SECONDS));
      case "NAME" -> n.name();
      case "NAME_JSON" -> jsonString(n.name());
      case "SLUG" -> n.slug();
      case "TAGS" -> String.join(" ", n.tags());
      case "DESC" -> n.desc();
      case "JSON" -> checkJson(n).toString();
      case "BODY" -> n.body() == null ? "" : n.body();
      case "BODY_JSON" -> jsonString(n.body() == null ? "" : n.body());
      case "FAILURES" -> String.valueOf(n.failures());
      default -> {
        int i = Integer.parseInt(m.group(2));
        yield i >= 1 && i <= n.tags().size() ? n.tags().get(i - 1) : "";
      }
    };
  }

  private static String jsonString(String value) {
    return JSON.getNodeFactory().textNode(value).toString();
  }

  /** The check as {@code $JSON} shows it: the Management API's names for what an alert knows. */
  static ObjectNode checkJson(Notice n) {
    ObjectNode json = JSON.createObjectNode();
    json.put("uuid", n.checkUuid()).put("name", n.name()).put("slug", n.slug())
        .put("tags", String.join(" ", n.tags())).put("desc", n.desc()).put("status", n.status())
        .put("last_ping", iso(n.lastPing())).put("ping_url", n.pingUrl());
    return json;
  }

  /** The body of a webhook without a template: the alert as JSON. */
  public static String defaultBody(Notice n) {
    ObjectNode json = JSON.createObjectNode();
    json.put("event", n.event()).put("alert_id", n.alertId()).put("status", n.status())
        .put("previous_status", n.previousStatus()).put("reason", n.reason()).put("at", iso(n.at()))
        .put("failures", n.failures()).put("body", n.body());
    json.set("check", checkJson(n).put("check_url", n.checkUrl()));
    return json.toString();
  }

  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
