package io.lifeline.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The cluster's logs as the replay reads them: committed records only ({@code read_committed}), from
 * the beginning up to end offsets taken once, so a replay compares a fixed prefix of each log.
 */
final class Logs {

  private final String bootstrapServers;

  Logs(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lifeline-replay");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of {@code topics}, in topic then partition order. */
  List<TopicPartition> partitions(List<String> topics) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> all = new ArrayList<>();
      for (String topic : topics) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
        }
        infos.stream().map(i -> new TopicPartition(topic, i.partition()))
            .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).forEach(all::add);
      }
      return all;
    }
  }

  /** The committed ends of these partitions now: the replay reads up to them and no further. */
  Map<TopicPartition, Long> ends(List<TopicPartition> partitions) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }
  }

  long count(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
      return partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
    }
  }

  /** Every committed record of {@code partitions} below {@code ends}, partition by partition. */
  void readAll(List<TopicPartition> partitions, Map<TopicPartition, Long> ends,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + partitions + " to the end within 10 minutes");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(r);
          }
        }
      }
    }
  }
}
