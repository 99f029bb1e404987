package io.lifeline.schemas.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The path a user takes: a record produced through the serde is read back as JSON by the console formatter. */
class FormatterOverRealBrokerIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void pulseProducedThroughTheSerdeReadsBackAsExactJson() throws Exception {
    String topic = Topics.METERING_PULSES.name();
    try (Admin admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Instant t = Instant.parse("2026-11-22T10:15:30Z");
    Pulse pulse = Pulse.newBuilder().setId("p-1").setTenant("tenant_xpto").setSku("SKU-77")
        .setAmount(new BigDecimal("0.300000001")).setUnit("KB").setOccurredAt(t).setReceivedAt(t).build();

    try (KafkaProducer<String, Pulse> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        Topics.METERING_PULSES.keySerde().serializer(), Topics.METERING_PULSES.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic, "tenant_xpto|SKU-77|KB", pulse)).get();
    }

    ConsumerRecord<byte[], byte[]> record;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "formatter-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      record = poll(consumer);
    }

    JsonMessageFormatter formatter = new JsonMessageFormatter();
    formatter.configure(Map.of("print.key", "true"));
    assertThat(formatter.format(record)).isEqualTo(
        "{\"key\":\"tenant_xpto|SKU-77|KB\",\"value\":{\"id\":\"p-1\",\"tenant\":\"tenant_xpto\",\"sku\":\"SKU-77\","
            + "\"amount\":0.300000001,\"unit\":\"KB\",\"occurredAt\":\"2026-11-22T10:15:30Z\","
            + "\"receivedAt\":\"2026-11-22T10:15:30Z\",\"source\":null,\"attributes\":{}}}");
  }

  private static ConsumerRecord<byte[], byte[]> poll(KafkaConsumer<byte[], byte[]> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        return r;
      }
    }
    throw new AssertionError("no record within 30 s");
  }
}
