package io.lifeline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.metering.BatchIds;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.format.AvroJson;
import io.lifeline.streams.DeadLetterHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** The emitted side of a comparison: the output topics read whole, and how their records are keyed and shown. */
final class Outputs {

  private Outputs() {}

  /** A record of an output topic as emitted: its timestamp and its decoded value. */
  record Emitted<V>(long timestamp, V value) {}

  /**
   * Every record of an output topic but those put back by hand from its dead-letter topic
   * ({@code scripts/dlq-replay}): a resend of what was emitted, not an output of its own.
   */
  static <V> List<Emitted<V>> read(Logs logs, Topic<String, V> topic) {
    List<TopicPartition> partitions = logs.partitions(List.of(topic.name()));
    List<Emitted<V>> all = new ArrayList<>();
    logs.readAll(partitions, logs.ends(partitions), (ConsumerRecord<byte[], byte[]> r) -> {
      if (r.headers().lastHeader(DeadLetterHandler.REPLAYED_FROM) == null) {
        all.add(new Emitted<>(r.timestamp(), topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
      }
    });
    return all;
  }

  /** When a batch fell due: its window's close for a FINAL, its bucket's end for a CORRECTION. */
  static long dueAt(UsageBatch batch, Duration grace) {
    if (batch.getKind() == BatchKind.FINAL) {
      return batch.getWindowEnd().plus(grace).toEpochMilli();
    }
    Instant bucket = BatchIds.correctionBucket(batch.getBatchId());
    return bucket == null ? Long.MIN_VALUE : bucket.plus(grace).toEpochMilli();
  }

  /** A batch's content as compared: everything but when it was emitted, which is the wall clock's. */
  static ObjectNode content(UsageBatch batch) {
    ObjectNode json = AvroJson.toJson(batch);
    json.remove("emittedAt");
    return json;
  }

  static String lateKey(Pulse pulse) {
    return MeteringKeys.series(pulse.getTenant(), pulse.getSku(), pulse.getUnit()) + '|' + pulse.getId();
  }

  static ObjectNode content(Pulse pulse) {
    return AvroJson.toJson(pulse);
  }

  /** A flip is known by its check, its time and the change; its reason is its content. */
  static String flipKey(Flip flip) {
    return flip.getCheckUuid() + '|' + flip.getAt() + '|' + flip.getFrom() + '>' + flip.getTo();
  }

  static ObjectNode content(Flip flip) {
    return AvroJson.toJson(flip);
  }

  static ObjectNode content(Alert alert) {
    return AvroJson.toJson(alert);
  }

  /** An alert compared with one emitted before alerts carried a body (Alert v3): every field but the body. */
  static ObjectNode contentWithoutBody(Alert alert) {
    ObjectNode json = content(alert);
    json.remove("body");
    return json;
  }
}
