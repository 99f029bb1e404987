package io.lifeline.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON field names of a pulse: the original {@code /ingest} format or Lifeline's own. */
public enum PulseFormat {
  /** {@code {"tenant_id","product_sku","used_amount","use_unity"}}, as the seed's clients send it. */
  ORIGINAL("tenant_id", "product_sku", "used_amount", "use_unity"),
  /** {@code {"tenant","sku","amount","unit"}} of {@code /api/v1/pulses}. */
  NATIVE("tenant", "sku", "amount", "unit");

  private final String tenant;
  private final String sku;
  private final String amount;
  private final String unit;

  PulseFormat(String tenant, String sku, String amount, String unit) {
    this.tenant = tenant;
    this.sku = sku;
    this.amount = amount;
    this.unit = unit;
  }

  /** Reads one item; only the native format carries {@code attributes}. */
  public PulseInput read(int index, ObjectNode item, java.util.List<ItemError> errors) {
    Map<String, String> attributes = this == NATIVE ? attributes(item.get("attributes"), index, errors) : Map.of();
    return new PulseInput(index, field("id", item), field(tenant, item), field(sku, item), field(amount, item),
        field(unit, item), field("timestamp", item), null, attributes);
  }

  /** Reads {@code attributes} of the native format: an object of strings. */
  private static Map<String, String> attributes(JsonNode node, int index, java.util.List<ItemError> errors) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return attributes;
    }
    if (!node.isObject()) {
      errors.add(new ItemError(index, "attributes", "must be an object of strings"));
      return attributes;
    }
    node.properties().forEach(e -> {
      if (e.getValue().isTextual()) {
        attributes.put(e.getKey(), e.getValue().textValue());
      } else {
        errors.add(new ItemError(index, "attributes." + e.getKey(), "must be a string"));
      }
    });
    return attributes;
  }

  private static PulseInput.Field field(String name, ObjectNode item) {
    return new PulseInput.Field(name, item.get(name));
  }
}
