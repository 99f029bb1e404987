package io.lifeline.it.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.streams.DeadLetterHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A record that does not decode goes to its topic's .dlq with the reason, and the stream keeps working. */
class PoisonRecordIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void poisonPingGoesToTheDeadLetterTopicAndMonitoringGoesOn() throws Exception {
    try (TestInstance lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of())) {
      Api api = new Api(lifeline);
      JsonNode check = api.create("{\"name\":\"after-poison\",\"timeout\":3600,\"grace\":60}");
      String uuid = check.get("uuid").asText();

      try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          KAFKA.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topics.HEARTBEAT_PINGS.name(), uuid.getBytes(StandardCharsets.UTF_8),
            "not an avro ping".getBytes(StandardCharsets.UTF_8))).get();
      }

      ConsumerRecord<byte[], byte[]> dead = firstRecord(Topics.HEARTBEAT_PINGS.dlq().name());
      assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not an avro ping");
      assertThat(header(dead, DeadLetterHandler.SOURCE_TOPIC)).isEqualTo("heartbeat.pings");
      assertThat(header(dead, DeadLetterHandler.ERROR_CLASS)).contains("SerializationException");
      assertThat(header(dead, DeadLetterHandler.SOURCE_OFFSET)).isNotEmpty();

      assertThat(lifeline.get("/ping/" + uuid).statusCode()).isEqualTo(200);
      JsonNode up = api.poll("/api/v3/checks/" + uuid, Duration.ofSeconds(20), c -> "up".equals(c.path("status").asText()));
      assertThat(up.get("n_pings").asInt()).isEqualTo(1);
      assertThat(lifeline.lifeline().app(HeartbeatMonitorApp.NAME).isRunning()).isTrue();
      assertThat(lifeline.get("/metrics").body())
          .contains("lifeline_dlq_records_total{topic=\"heartbeat.pings\"} 1.0");
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "poison-it",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          return r;
        }
      }
    }
    throw new AssertionError("nothing on " + topic + " within 30 s");
  }
}
