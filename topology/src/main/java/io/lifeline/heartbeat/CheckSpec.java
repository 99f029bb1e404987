package io.lifeline.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.CheckDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The check fields of a create or update request, validated, with healthchecks' names and
 * meanings. A field that is absent stays as it is; a bad one is a 400 naming it.
 */
public final class CheckSpec {

  public static final long MAX_PERIOD_SECONDS = Duration.ofDays(365).toSeconds();
  private static final Pattern SLUG = Pattern.compile("[a-z0-9_-]{0,100}");
  private static final Set<String> UNIQUE_FIELDS = Set.of("name", "slug", "tags", "timeout", "grace");

  String name;
  String slug;
  List<String> tags;
  String desc;
  Long timeout;
  Long grace;
  String schedule;
  String tz;
  Boolean manualResume;
  String methods;
  String channels;
  List<String> channelIds;
  boolean maxRuntimeGiven;
  Long maxRuntime;
  boolean realertGiven;
  Long realertEvery;
  List<String> unique = List.of();

  public static boolean isValidSlug(String slug) {
    return SLUG.matcher(slug).matches();
  }

  public static CheckSpec parse(JsonNode body, Duration minPeriod) {
    if (body == null || !body.isObject()) {
      throw new InvalidField("body", "the body must be a JSON object");
    }
    long min = Math.max(1, minPeriod.toSeconds());
    CheckSpec s = new CheckSpec();
    s.name = text(body, "name", 100);
    s.slug = text(body, "slug", 100);
    if (s.slug != null && !SLUG.matcher(s.slug).matches()) {
      throw new InvalidField("slug", "slug may contain only a-z, 0-9, - and _");
    }
    String tags = text(body, "tags", 500);
    if (tags != null) {
      s.tags = Arrays.stream(tags.split("\\s+")).filter(t -> !t.isEmpty()).distinct().toList();
    }
    s.desc = text(body, "desc", 10_000);
    s.timeout = seconds(body, "timeout", min, false);
    s.grace = seconds(body, "grace", min, false);
    s.schedule = text(body, "schedule", 100);
    if (s.schedule != null) {
      CronSchedule.problemWith(s.schedule).ifPresent(problem ->
          { throw new InvalidField("schedule", "invalid cron expression: " + problem); });
    }
    s.tz = text(body, "tz", 64);
    if (s.tz != null && !CronSchedule.isValidZone(s.tz)) {
      throw new InvalidField("tz", "unknown time zone: " + s.tz);
    }
    s.manualResume = bool(body, "manual_resume");
    s.methods = text(body, "methods", 10);
    if (s.methods != null && !s.methods.isEmpty() && !s.methods.equals("POST")) {
      throw new InvalidField("methods", "methods must be \"\" or \"POST\"");
    }
    s.channels = text(body, "channels", 10_000);
    s.maxRuntimeGiven = body.has("max_runtime");
    s.maxRuntime = seconds(body, "max_runtime", min, true);
    s.realertGiven = body.has("realert_every");
    s.realertEvery = seconds(body, "realert_every", min, true);
    JsonNode unique = body.get("unique");
    if (unique != null && !unique.isNull()) {
      if (!unique.isArray()) {
        throw new InvalidField("unique", "unique must be an array of field names");
      }
      List<String> fields = new ArrayList<>();
      for (JsonNode f : unique) {
        if (!f.isTextual() || !UNIQUE_FIELDS.contains(f.asText())) {
          throw new InvalidField("unique", "unique may list only name, slug, tags, timeout and grace");
        }
        fields.add(f.asText());
      }
      s.unique = List.copyOf(fields);
    }
    return s;
  }

  /**
   * Resolves {@code channels} as healthchecks does: {@code ""} none, {@code "*"} every channel that
   * exists now, else a comma-separated list of channel ids, or names where a name is unique. An
   * unknown or ambiguous one is a 400 naming {@code channels}. Without {@code channels}, nothing is read.
   */
  public CheckSpec resolveChannels(Supplier<List<ChannelDefinition>> existing) {
    if (channels == null) {
      return this;
    }
    Set<String> ids = new LinkedHashSet<>();
    if (channels.strip().equals("*")) {
      existing.get().forEach(c -> ids.add(c.getId()));
    } else if (!channels.isBlank()) {
      List<ChannelDefinition> all = existing.get();
      for (String token : channels.split(",")) {
        String wanted = token.strip();
        if (!wanted.isEmpty()) {
          ids.add(channelId(all, wanted));
        }
      }
    }
    channelIds = List.copyOf(ids);
    return this;
  }

  private static String channelId(List<ChannelDefinition> all, String wanted) {
    for (ChannelDefinition c : all) {
      if (c.getId().equalsIgnoreCase(wanted)) {
        return c.getId();
      }
    }
    List<ChannelDefinition> named = all.stream().filter(c -> c.getName().equals(wanted)).toList();
    if (named.size() > 1) {
      throw new InvalidField("channels", "ambiguous channel name: " + wanted + "; use its id");
    }
    if (named.isEmpty()) {
      throw new InvalidField("channels", "invalid channel identifier: " + wanted);
    }
    return named.get(0).getId();
  }

  /** True when the request names {@code unique} fields: a create that updates the check it matches. */
  public boolean isUpsert() {
    return !unique.isEmpty();
  }

  /**
   * Does an existing check match on every field named in {@code unique}, as healthchecks' upsert does.
   * A field named there but absent from the request matches nothing, so the request creates a check:
   * comparing an absent field with its default would rewrite an unrelated check.
   */
  public boolean matches(CheckDefinition d) {
    if (unique.isEmpty()) {
      return false;
    }
    for (String field : unique) {
      boolean same = switch (field) {
        case "name" -> name != null && d.getName().equals(name);
        case "slug" -> slug != null && d.getSlug().equals(slug);
        case "tags" -> tags != null && d.getTags().equals(tags);
        case "timeout" -> timeout != null && d.getSchedule() == null && d.getTimeoutSeconds() == timeout;
        case "grace" -> grace != null && d.getGraceSeconds() == grace;
        default -> false;
      };
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /** Applies the given fields; a timeout without a schedule makes the check a simple one again. */
  CheckDefinition.Builder applyTo(CheckDefinition.Builder b) {
    if (name != null) {
      b.setName(name);
    }
    if (slug != null) {
      b.setSlug(slug);
    }
    if (tags != null) {
      b.setTags(new ArrayList<>(tags));
    }
    if (desc != null) {
      b.setDesc(desc);
    }
    if (timeout != null) {
      b.setTimeoutSeconds(timeout);
      if (schedule == null) {
        b.setSchedule(null);
      }
    }
    if (grace != null) {
      b.setGraceSeconds(grace);
    }
    if (schedule != null) {
      b.setSchedule(schedule);
    }
    if (tz != null) {
      b.setTz(tz);
    }
    if (manualResume != null) {
      b.setManualResume(manualResume);
    }
    if (methods != null) {
      b.setMethods(methods);
    }
    if (channels != null) {
      if (channelIds == null) {
        throw new IllegalStateException("channels must be resolved before they are applied");
      }
      b.setChannels(new ArrayList<>(channelIds));
    }
    if (maxRuntimeGiven) {
      b.setMaxRuntimeSeconds(maxRuntime);
    }
    if (realertGiven) {
      b.setRealertEverySeconds(realertEvery);
    }
    return b;
  }

  private static String text(JsonNode body, String field, int maxLength) {
    JsonNode v = body.get(field);
    if (v == null) {
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

  private static Boolean bool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new InvalidField(field, field + " must be true or false");
    }
    return v.asBoolean();
  }

  private static Long seconds(JsonNode body, String field, long min, boolean nullable) {
    JsonNode v = body.get(field);
    if (v == null || (nullable && v.isNull())) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new InvalidField(field, field + " must be a whole number of seconds");
    }
    long value = v.asLong();
    if (value < min || value > MAX_PERIOD_SECONDS) {
      throw new InvalidField(field, field + " must be between " + min + " and " + MAX_PERIOD_SECONDS + " seconds");
    }
    return value;
  }
}
