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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CloudEvent (structured JSON mode, through the CloudEvents SDK) as a pulse: {@code subject}
 * is the tenant, {@code data} is {@code {sku, amount, unit}}, {@code time} the occurrence, and the
 * pulse id is {@code source + " " + id}, so two sources may reuse an id without colliding.
 */
public final class CloudEventPulses implements ItemReader {

  private static final Pattern ATTRIBUTE = Pattern.compile("'([a-z0-9]+)'|\\b(specversion|id|source|type|time)\\b");

  private final ObjectMapper events;
  private final ObjectMapper json;

  public CloudEventPulses(ObjectMapper json) {
    this.json = json;
    this.events = json.copy().registerModule(JsonFormat.getCloudEventJacksonModule());
  }

  @Override
  public PulseInput read(int index, ObjectNode item, List<ItemError> errors) {
    CloudEvent event;
    try {
      event = events.treeToValue(item, CloudEvent.class);
    } catch (IOException | RuntimeException e) {
      errors.add(new ItemError(index, attributeNamed(e), "not a valid CloudEvent: " + rootMessage(e)));
      return null;
    }
    String source = event.getSource().toString();
    String sourceProblem = PulseRules.idProblem(source);
    if (sourceProblem != null) {
      errors.add(new ItemError(index, "source", sourceProblem));
      return null;
    }
    JsonNode data = data(event.getData(), index, errors);
    if (data == null) {
      return null;
    }
    return new PulseInput(index,
        new PulseInput.Field("id", TextNode.valueOf(event.getId())),
        new PulseInput.Field("subject", event.getSubject() == null ? null : TextNode.valueOf(event.getSubject())),
        new PulseInput.Field("data.sku", data.get("sku")),
        new PulseInput.Field("data.amount", data.get("amount")),
        new PulseInput.Field("data.unit", data.get("unit")),
        new PulseInput.Field("time", event.getTime() == null ? null : TextNode.valueOf(event.getTime().toString())),
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

  private static String attributeNamed(Throwable e) {
    Matcher m = ATTRIBUTE.matcher(String.valueOf(rootMessage(e)));
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
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
