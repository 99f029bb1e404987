package io.lifeline.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group's committed offsets trail the ends of its input topics. */
final class GroupLag {

  /**
   * Under exactly-once a transaction marker takes an offset after the last record, so a group that
   * has read everything may still sit this far behind the end of a partition.
   */
  private static final long MARKERS = 2;

  private GroupLag() {}

  /** Records in {@code topics} that {@code group} has not committed, summed over the partitions. */
  static long of(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topics).entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      lag += end.getValue() - (at == null ? 0 : at.offset());
    }
    return lag;
  }

  /** Waits, polling every second, until {@code group} has committed everything in {@code topics}. */
  static void awaitCaughtUp(String bootstrap, String group, List<String> topics, Duration bound) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long deadline = System.nanoTime() + bound.toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topics).entrySet()) {
          OffsetAndMetadata at = committed.get(end.getKey());
          behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()) - MARKERS);
        }
        if (behind == 0) {
          return;
        }
        Thread.sleep(1000);
      }
      throw new IllegalStateException(group + " did not catch up with " + topics + " within " + bound);
    }
  }

  static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
    Map<String, TopicDescription> described = admin.describeTopics(topics)
        .allTopicNames().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> ask = described.values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    return admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
