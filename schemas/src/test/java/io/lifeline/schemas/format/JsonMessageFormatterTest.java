package io.lifeline.schemas.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.schemas.Flip;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class JsonMessageFormatterTest {

  private final Flip flip = Flip.newBuilder().setCheckUuid("c1").setFrom(CheckStatus.UP).setTo(CheckStatus.DOWN)
      .setReason(FlipReason.TIMEOUT).setAt(Instant.parse("2026-11-22T10:00:00.250Z")).build();

  @Test
  void printsTheValueAloneByDefault() {
    JsonMessageFormatter formatter = formatter(Map.of());
    assertThat(formatter.format(record("heartbeat.flips", Topics.HEARTBEAT_FLIPS.valueSerde().serializer().serialize("", flip))))
        .isEqualTo("{\"checkUuid\":\"c1\",\"from\":\"UP\",\"to\":\"DOWN\",\"reason\":\"TIMEOUT\",\"at\":\"2026-11-22T10:00:00.250Z\",\"failures\":0}");
  }

  @Test
  void printsKeyTimestampAndHeadersWhenAsked() {
    JsonMessageFormatter formatter = formatter(Map.of("print.key", "true", "print.timestamp", "true", "print.headers", "true"));
    String json = formatter.format(record("heartbeat.flips", Topics.HEARTBEAT_FLIPS.valueSerde().serializer().serialize("", flip)));
    assertThat(json).startsWith("{\"timestamp\":\"1970-01-01T00:00:01Z\",\"key\":\"c1\",\"headers\":{\"X-Request-Id\":\"r-1\"},\"value\":{");
  }

  @Test
  void poisonRecordsArePrintedAsBase64WithTheReason() {
    String json = formatter(Map.of()).format(record("heartbeat.flips.dlq", "not avro".getBytes(StandardCharsets.UTF_8)));
    assertThat(json).contains("\"valueBase64\":\"bm90IGF2cm8=\"").contains("decodeError");
  }

  private static JsonMessageFormatter formatter(Map<String, String> props) {
    JsonMessageFormatter formatter = new JsonMessageFormatter();
    formatter.configure(props);
    return formatter;
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("X-Request-Id", "r-1".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>(topic, 0, 7L, 1000L, TimestampType.CREATE_TIME, 2, value.length,
        "c1".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
  }
}
