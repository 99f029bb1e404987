package io.lifeline.schemas.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.header.Header;

/**
 * Prints each record of a Lifeline topic as one JSON object per line, for
 * {@code kafka-console-consumer --formatter io.lifeline.schemas.format.JsonMessageFormatter}.
 *
 * <p>Formatter properties: {@code print.key}, {@code print.timestamp}, {@code print.headers},
 * {@code print.metadata} (topic, partition, offset). Without any, only the value is printed. A
 * value that does not decode, such as a poison record in a {@code .dlq} topic, is printed as
 * {@code valueBase64} with the decoding error.
 */
public final class JsonMessageFormatter implements MessageFormatter {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(SerializationFeature.INDENT_OUTPUT);

  private boolean printKey;
  private boolean printTimestamp;
  private boolean printHeaders;
  private boolean printMetadata;

  @Override
  public void configure(Map<String, ?> configs) {
    printKey = flag(configs, "print.key");
    printTimestamp = flag(configs, "print.timestamp");
    printHeaders = flag(configs, "print.headers");
    printMetadata = flag(configs, "print.metadata");
  }

  @Override
  public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
    output.println(format(record));
  }

  public String format(ConsumerRecord<byte[], byte[]> record) {
    boolean plain = !(printKey || printTimestamp || printHeaders || printMetadata);
    ObjectNode value = value(record);
    if (plain) {
      return write(value);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (printMetadata) {
      out.put("topic", record.topic()).put("partition", record.partition()).put("offset", record.offset());
    }
    if (printTimestamp) {
      out.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    }
    if (printKey) {
      out.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    }
    if (printHeaders) {
      ObjectNode headers = out.putObject("headers");
      for (Header h : record.headers()) {
        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    out.set("value", value);
    return write(out);
  }

  private static ObjectNode value(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    Optional<Topic<String, ?>> topic = Topics.byName(record.topic());
    if (topic.isPresent() && topic.get().valueSerde() instanceof AvroSerde<?> serde) {
      try {
        return AvroJson.toJson((org.apache.avro.generic.IndexedRecord) (SpecificRecord) serde.decode(record.value()));
      } catch (RuntimeException e) {
        return undecoded(record.value(), e.getMessage());
      }
    }
    return undecoded(record.value(), "not a Lifeline topic");
  }

  private static ObjectNode undecoded(byte[] bytes, String why) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("valueBase64", Base64.getEncoder().encodeToString(bytes));
    node.put("decodeError", why);
    return node;
  }

  private static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean flag(Map<String, ?> configs, String name) {
    Object v = configs.get(name);
    return v != null && Boolean.parseBoolean(v.toString().trim());
  }
}
