package io.lifeline.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.MaintenanceWindow;
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
  public static final int MAX_FAILURE_THRESHOLD = 1000;
  public static final int MAX_MAINTENANCE_WINDOWS = 10;
  private static final long MAX_WINDOW_SECONDS = Duration.ofDays(7).toSeconds();
  private static final int KEYWORDS_LENGTH = 200;

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
  String startKw;
  String successKw;
  String failureKw;
  Boolean filterSubject;
  Boolean filterBody;
  Boolean filterHttpBody;
  Boolean filterDefaultFail;
  String subject;
  String subjectFail;
  Integer failureThreshold;
  List<MaintenanceWindow> maintenance;

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
          { throw new InvalidField("schedule", "invalid schedule: " + problem); });
    }
    s.tz = zone(body, "tz");
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
    s.startKw = text(body, "start_kw", KEYWORDS_LENGTH);
    s.successKw = text(body, "success_kw", KEYWORDS_LENGTH);
    s.failureKw = text(body, "failure_kw", KEYWORDS_LENGTH);
    s.subject = text(body, "subject", KEYWORDS_LENGTH);
    s.subjectFail = text(body, "subject_fail", KEYWORDS_LENGTH);
    s.filterSubject = bool(body, "filter_subject");
    s.filterBody = bool(body, "filter_body");
    s.filterHttpBody = bool(body, "filter_http_body");
    s.filterDefaultFail = bool(body, "filter_default_fail");
    s.failureThreshold = failureThreshold(body);
    s.maintenance = maintenance(body.get("maintenance"), min);
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
   * API v1 and v2 derive the slug from the name whenever a name is given (an explicit slug still
   * wins), as healthchecks does; v3 leaves the slug alone.
   */
  public CheckSpec withSlugFromName() {
    if (name != null && slug == null) {
      slug = Slugs.of(name);
    }
    return this;
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
    applyFiltersTo(b);
    if (failureThreshold != null) {
      b.setFailureThreshold(failureThreshold);
    }
    if (maintenance != null) {
      b.setMaintenance(new ArrayList<>(maintenance));
    }
    return b;
  }

  /** The keyword filters; healthchecks' older {@code subject} and {@code subject_fail} set the email subject filter. */
  private void applyFiltersTo(CheckDefinition.Builder b) {
    if (subject != null) {
      b.setSuccessKw(subject);
      b.setFilterSubject(!b.getSuccessKw().isEmpty() || !b.getFailureKw().isEmpty());
    }
    if (subjectFail != null) {
      b.setFailureKw(subjectFail);
      b.setFilterSubject(!b.getSuccessKw().isEmpty() || !b.getFailureKw().isEmpty());
    }
    if (startKw != null) {
      b.setStartKw(startKw);
    }
    if (successKw != null) {
      b.setSuccessKw(successKw);
    }
    if (failureKw != null) {
      b.setFailureKw(failureKw);
    }
    if (filterSubject != null) {
      b.setFilterSubject(filterSubject);
    }
    if (filterBody != null) {
      b.setFilterBody(filterBody);
    }
    if (filterHttpBody != null) {
      b.setFilterHttpBody(filterHttpBody);
    }
    if (filterDefaultFail != null) {
      b.setFilterDefaultFail(filterDefaultFail);
    }
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

  private static String zone(JsonNode body, String field) {
    String tz = text(body, field, 64);
    if (tz == null) {
      return null;
    }
    String canonical = CronSchedule.canonicalZone(tz);
    if (!CronSchedule.isValidZone(canonical)) {
      throw new InvalidField(field, "unknown time zone: " + tz);
    }
    return canonical;
  }

  private static Integer failureThreshold(JsonNode body) {
    JsonNode v = body.get("failure_threshold");
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > MAX_FAILURE_THRESHOLD) {
      throw new InvalidField("failure_threshold", "failure_threshold must be a whole number from 1 to " + MAX_FAILURE_THRESHOLD);
    }
    return v.asInt();
  }

  /**
   * {@code maintenance}: a list of windows {@code {"schedule": cron, "duration": seconds, "tz": zone}},
   * each opening at its schedule's times and lasting at most a week.
   */
  private static List<MaintenanceWindow> maintenance(JsonNode v, long min) {
    if (v == null) {
      return null;
    }
    if (!v.isArray() || v.size() > MAX_MAINTENANCE_WINDOWS) {
      throw new InvalidField("maintenance", "maintenance must be an array of at most " + MAX_MAINTENANCE_WINDOWS
          + " windows {\"schedule\", \"duration\", \"tz\"}");
    }
    List<MaintenanceWindow> windows = new ArrayList<>();
    for (JsonNode w : v) {
      if (!w.isObject()) {
        throw new InvalidField("maintenance", "each maintenance window must be an object");
      }
      String schedule = text(w, "schedule", 100);
      if (schedule == null) {
        throw new InvalidField("maintenance", "a maintenance window needs a schedule");
      }
      CronSchedule.cronProblemWith(schedule).ifPresent(problem ->
          { throw new InvalidField("maintenance", "invalid maintenance schedule: " + problem); });
      JsonNode duration = w.get("duration");
      if (duration == null || !duration.isIntegralNumber() || !duration.canConvertToLong()
          || duration.asLong() < min || duration.asLong() > MAX_WINDOW_SECONDS) {
        throw new InvalidField("maintenance", "a maintenance window's duration must be " + min + " to "
            + MAX_WINDOW_SECONDS + " seconds");
      }
      String tz = zone(w, "tz");
      windows.add(MaintenanceWindow.newBuilder().setSchedule(schedule).setDurationSeconds(duration.asLong())
          .setTz(tz == null ? "UTC" : tz).build());
    }
    return List.copyOf(windows);
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
