package io.lifeline.metering;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.Pulse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validation rules of a pulse (DESIGN.md section 6.1, docs/metering.md). Every rule that fails
 * is reported, by field, so a client can fix a whole batch in one go. Amounts go from JSON text to
 * {@link BigDecimal} and never through a binary floating point type.
 */
public final class PulseRules {

  public static final int MAX_NAME_LENGTH = 128;
  public static final int MAX_ID_LENGTH = 256;
  public static final int SCALE = 9;
  public static final int MAX_SIGNIFICANT_DIGITS = 18;
  public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:\\-]+");
  private static final Pattern ID = Pattern.compile("[!-~]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");

  private final Clock clock;
  private final Duration maxAge;

  public PulseRules(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The pulse, or null after adding to {@code errors} every rule it breaks. */
  public Pulse validate(PulseInput in, List<ItemError> errors) {
    int before = errors.size();
    Instant now = clock.instant();
    String id = id(in, errors);
    String tenant = name(in.index(), in.tenant(), errors);
    String sku = name(in.index(), in.sku(), errors);
    String unit = name(in.index(), in.unit(), errors);
    BigDecimal amount = amount(in.index(), in.amount(), errors);
    Instant occurredAt = timestamp(in.index(), in.timestamp(), now, errors);
    if (errors.size() > before) {
      return null;
    }
    return Pulse.newBuilder()
        .setId(id).setTenant(tenant).setSku(sku).setUnit(unit).setAmount(amount)
        .setOccurredAt(occurredAt).setReceivedAt(now).setSource(in.source())
        .setAttributes(in.attributes() == null ? Map.of() : in.attributes())
        .build();
  }

  private static String id(PulseInput in, List<ItemError> errors) {
    PulseInput.Field field = in.id();
    if (field.absent()) {
      return UUID.randomUUID().toString();
    }
    if (!field.value().isTextual()) {
      errors.add(new ItemError(in.index(), field.name(), "must be a string"));
      return null;
    }
    String id = field.value().textValue();
    String error = idProblem(id);
    if (error != null) {
      errors.add(new ItemError(in.index(), field.name(), error));
      return null;
    }
    return in.source() == null ? id : in.source() + " " + id;
  }

  /** Why an id (or a CloudEvents source) is not acceptable, or null. */
  public static String idProblem(String id) {
    if (id.isEmpty()) {
      return "must not be empty";
    }
    if (id.length() > MAX_ID_LENGTH) {
      return "must be at most " + MAX_ID_LENGTH + " characters (got " + id.length() + ")";
    }
    if (!ID.matcher(id).matches()) {
      return "may contain only printable ASCII characters without spaces";
    }
    return null;
  }

  private static String name(int index, PulseInput.Field field, List<ItemError> errors) {
    if (field.absent()) {
      errors.add(new ItemError(index, field.name(), "is required"));
      return null;
    }
    if (!field.value().isTextual()) {
      errors.add(new ItemError(index, field.name(), "must be a string"));
      return null;
    }
    String value = field.value().textValue();
    String problem = null;
    if (value.isEmpty()) {
      problem = "must not be empty";
    } else if (value.length() > MAX_NAME_LENGTH) {
      problem = "must be at most " + MAX_NAME_LENGTH + " characters (got " + value.length() + ")";
    } else if (!NAME.matcher(value).matches()) {
      problem = "may contain only letters, digits and . _ : -";
    }
    if (problem != null) {
      errors.add(new ItemError(index, field.name(), problem));
      return null;
    }
    return value;
  }

  private static BigDecimal amount(int index, PulseInput.Field field, List<ItemError> errors) {
    if (field.absent()) {
      errors.add(new ItemError(index, field.name(), "is required"));
      return null;
    }
    JsonNode node = field.value();
    BigDecimal amount;
    if (node.isNumber()) {
      amount = node.decimalValue();
    } else if (node.isTextual() && DECIMAL.matcher(node.textValue().strip()).matches()) {
      amount = new BigDecimal(node.textValue().strip());
    } else if (node.isTextual()) {
      errors.add(new ItemError(index, field.name(), "must be a finite decimal number, got \""
          + abbreviate(node.textValue()) + "\""));
      return null;
    } else {
      errors.add(new ItemError(index, field.name(), "must be a number or a string holding a decimal number"));
      return null;
    }
    String problem = amountProblem(amount);
    if (problem != null) {
      errors.add(new ItemError(index, field.name(), problem));
      return null;
    }
    return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
  }

  /** Why an exact amount cannot be billed, or null: negative, finer than 9 decimals, or over 18 significant digits. */
  public static String amountProblem(BigDecimal amount) {
    if (amount.signum() < 0) {
      return "must not be negative";
    }
    if (amount.signum() == 0) {
      return null;
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() > SCALE) {
      return "has more than " + SCALE + " digits after the decimal point";
    }
    // Integer zeros count: 1E+30 has 31 digits. Computed, not expanded, so 1E+999999999 costs nothing.
    long significant = stripped.scale() < 0 ? (long) stripped.precision() - stripped.scale() : stripped.precision();
    if (significant > MAX_SIGNIFICANT_DIGITS) {
      return "has more than " + MAX_SIGNIFICANT_DIGITS + " significant digits";
    }
    return null;
  }

  private Instant timestamp(int index, PulseInput.Field field, Instant now, List<ItemError> errors) {
    if (field.absent()) {
      return now;
    }
    JsonNode node = field.value();
    Instant at;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      at = Instant.ofEpochMilli(node.longValue());
    } else if (node.isTextual()) {
      try {
        at = OffsetDateTime.parse(node.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(new ItemError(index, field.name(),
            "must be an ISO-8601 time with offset, such as 2026-03-01T10:15:00Z, or epoch milliseconds"));
        return null;
      }
    } else {
      errors.add(new ItemError(index, field.name(), "must be an ISO-8601 string or epoch milliseconds"));
      return null;
    }
    return checkTime(index, field.name(), at, now, errors);
  }

  /** Checks a time already parsed (a CloudEvents {@code time}): not over 5 minutes ahead, not older than the retention. */
  public Instant checkTime(int index, String field, Instant at, Instant now, List<ItemError> errors) {
    if (at.isAfter(now.plus(MAX_FUTURE))) {
      errors.add(new ItemError(index, field, "is more than " + MAX_FUTURE.toMinutes() + " minutes in the future"));
      return null;
    }
    if (at.isBefore(now.minus(maxAge))) {
      errors.add(new ItemError(index, field, "is older than DEDUP_RETENTION (" + maxAge + ")"));
      return null;
    }
    return at;
  }

  public Clock clock() {
    return clock;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
