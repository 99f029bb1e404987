package io.lifeline.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads CloudEvents (through the CloudEvents SDK) as pulses: {@code subject} is the tenant,
 * {@code data} is {@code {sku, amount, unit}}, {@code time} the occurrence, and the pulse id is
 * {@code source + " " + id}, so two sources may reuse an id without colliding. Structured mode is a
 * JSON object per event; binary mode carries the attributes in {@code ce-*} headers and the data as
 * the body, and its errors name the header.
 */
public final class CloudEventPulses implements ItemReader {

  /** The binary mode's header prefix (CloudEvents HTTP binding, section 3.1.3). */
  public static final String HEADER_PREFIX = "ce-";

  /** Where the SDK's messages name the attribute at fault, most specific first. */
  private static final List<Pattern> ATTRIBUTE_IN_MESSAGE = List.of(
      Pattern.compile("for attribute ([a-z0-9]+)"),
      Pattern.compile("value for \"([a-z0-9]+)\""),
      Pattern.compile("[Mm]issing mandatory ([a-z0-9]+) attribute"),
      Pattern.compile("Invalid (specversion)"),
      Pattern.compile("extensions name: (\\S+)"),
      Pattern.compile("'(data)' and 'data_base64'"),
      Pattern.compile("(Base64)"));

  private final ObjectMapper events;
  private final ObjectMapper json;

  public CloudEventPulses(ObjectMapper json) {
    this.json = json;
    this.events = json.copy().registerModule(JsonFormat.getCloudEventJacksonModule());
  }

  @Override
  public PulseInput read(int index, ObjectNode item, List<ItemError> errors) {
    return read(index, item, errors, "");
  }

  /**
   * One event in binary content mode: {@code attributes} are the {@code ce-*} headers (names without
   * the prefix, lower case, values as sent), the body is the event's JSON data.
   */
  public ParsedBody binary(Map<String, String> attributes, String contentType, InputStream body, PulseReader reader)
      throws IOException {
    return reader.json(body, PulseReader.Shape.OBJECT, (index, data, errors) -> {
      ObjectNode event = json.createObjectNode();
      for (Map.Entry<String, String> attribute : attributes.entrySet()) {
        String value = percentDecoded(attribute.getValue());
        if (value == null) {
          errors.add(new ItemError(index, HEADER_PREFIX + attribute.getKey(), "has a malformed %-escape"));
          return null;
        }
        event.put(attribute.getKey(), value);
      }
      event.put("datacontenttype", contentType);
      event.set("data", data);
      return read(index, event, errors, HEADER_PREFIX);
    });
  }

  private PulseInput read(int index, ObjectNode item, List<ItemError> errors, String prefix) {
    CloudEvent event;
    try {
      event = events.treeToValue(item, CloudEvent.class);
    } catch (IOException | RuntimeException e) {
      String attribute = attributeNamed(e);
      errors.add(new ItemError(index, attribute == null ? null : prefix + attribute,
          "not a valid CloudEvent: " + rootMessage(e)));
      return null;
    }
    String source = event.getSource().toString();
    String sourceProblem = PulseRules.idProblem(source);
    if (sourceProblem != null) {
      errors.add(new ItemError(index, prefix + "source", sourceProblem));
      return null;
    }
    JsonNode data = data(event.getData(), index, errors);
    if (data == null) {
      return null;
    }
    return new PulseInput(index,
        new PulseInput.Field(prefix + "id", TextNode.valueOf(event.getId())),
        new PulseInput.Field(prefix + "subject", event.getSubject() == null ? null : TextNode.valueOf(event.getSubject())),
        new PulseInput.Field("data.sku", data.get("sku")),
        new PulseInput.Field("data.amount", data.get("amount")),
        new PulseInput.Field("data.unit", data.get("unit")),
        new PulseInput.Field(prefix + "time", event.getTime() == null ? null : TextNode.valueOf(event.getTime().toString())),
        source,
        Map.of("ce.type", event.getType()));
  }

  private JsonNode data(CloudEventData data, int index, List<ItemError> errors) {
    JsonNode node = null;
    try {
      if (data instanceof JsonCloudEventData jsonData) {
        node = jsonData.getNode();
      } else if (data != null) {
        node = json.readTree(data.toBytes());
      }
    } catch (IOException e) {
      errors.add(new ItemError(index, "data", "is not JSON"));
      return null;
    }
    if (node == null || !node.isObject()) {
      errors.add(new ItemError(index, "data", "must be a JSON object {sku, amount, unit}"));
      return null;
    }
    return node;
  }

  /** Header values are percent-encoded where they are not printable ASCII; null when an escape is malformed. */
  private static String percentDecoded(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String attributeNamed(Throwable e) {
    String message = rootMessage(e);
    for (Pattern pattern : ATTRIBUTE_IN_MESSAGE) {
      Matcher m = pattern.matcher(message);
      if (m.find()) {
        return m.group(1).equals("Base64") ? "data_base64" : m.group(1);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
