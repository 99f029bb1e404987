package io.lifeline.metering;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One pulse as the client sent it, before validation: JSON values, not yet trusted. Field names
 * are those of the format it came in, so that errors name what the client wrote.
 */
public record PulseInput(
    int index,
    Field id,
    Field tenant,
    Field sku,
    Field amount,
    Field unit,
    Field timestamp,
    String source,
    Map<String, String> attributes) {

  /** A value and the name the client used for it; {@code value} is null when absent. */
  public record Field(String name, JsonNode value) {
    public boolean absent() {
      return value == null || value.isNull();
    }
  }
}
