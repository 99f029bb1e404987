package io.lifeline.schemas.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON for people: field names as in the schema, decimals as exact numbers
 * with every digit kept, timestamps as ISO-8601 UTC, enums as their symbols.
 */
public final class AvroJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

  private AvroJson() {}

  public static ObjectNode toJson(IndexedRecord record) {
    ObjectNode node = JSON.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      node.set(field.name(), value(record.get(field.pos())));
    }
    return node;
  }

  private static JsonNode value(Object value) {
    if (value == null) {
      return JSON.nullNode();
    } else if (value instanceof IndexedRecord record) {
      return toJson(record);
    } else if (value instanceof BigDecimal decimal) {
      return JSON.numberNode(decimal);
    } else if (value instanceof Instant instant) {
      return JSON.textNode(instant.toString());
    } else if (value instanceof Integer i) {
      return JSON.numberNode(i);
    } else if (value instanceof Long l) {
      return JSON.numberNode(l);
    } else if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode node = JSON.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), value(v)));
      return node;
    } else if (value instanceof Collection<?> items) {
      ArrayNode array = JSON.arrayNode();
      items.forEach(item -> array.add(value(item)));
      return array;
    } else if (value instanceof GenericContainer || value instanceof Enum<?>) {
      return JSON.textNode(value.toString());
    }
    return JSON.textNode(value.toString());
  }
}
