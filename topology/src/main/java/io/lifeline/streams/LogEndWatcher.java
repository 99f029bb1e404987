package io.lifeline.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LogProgress} of a running application. Kafka Streams knows only the offsets it has fetched,
 * not where the log ends, and a scan must not run ahead of a backlog it has not fetched yet. So when a
 * scan has work due beyond what its records show, this asks the cluster for the end offsets of the
 * application's input partitions and for the offsets the application committed. One look answers
 * every task that asks within {@link #FRESH}; an application with nothing due asks nothing. It asks
 * through a consumer that never joins the group: two requests, a few milliseconds, where an admin
 * client fetched metadata and found the coordinator for every look (100 ms and more under load).
 */
public final class LogEndWatcher implements LogProgress, AutoCloseable {

  /** A look this young answers every scan of the instance: the tasks' scans fall due together. */
  static final Duration FRESH = Duration.ofMillis(100);
  /** A look blocks the scan that asked, so it is short; a failed one is not repeated for a while. */
  static final Duration TIMEOUT = Duration.ofMillis(1_000);
  static final Duration AFTER_FAILURE = Duration.ofSeconds(1);
  /** Looks kept: a reader a few seconds behind still finds one it has passed. */
  static final int KEEP = 20;

  private static final Logger log = LoggerFactory.getLogger(LogEndWatcher.class);

  private final String bootstrapServers;
  private final String groupId;
  private final LogEnds ends = new LogEnds(KEEP);
  private final Set<TopicPartition> watched = ConcurrentHashMap.newKeySet();
  private KafkaConsumer<byte[], byte[]> consumer;
  private long lastLook = Long.MIN_VALUE;
  private long failedAt = Long.MIN_VALUE;

  /** Watches for the application whose consumer group (its application id) is {@code groupId}. */
  public LogEndWatcher(String bootstrapServers, String groupId) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
  }

  @Override
  public void watch(List<TopicPartition> partitions) {
    watched.addAll(partitions);
  }

  @Override
  public long readThrough(TopicPartition partition, long nextOffset) {
    lookIfStale(partition);
    return ends.readThrough(partition, nextOffset);
  }

  private synchronized void lookIfStale(TopicPartition partition) {
    long now = System.currentTimeMillis();
    boolean added = watched.add(partition);
    if (!added && lastLook >= now - FRESH.toMillis() || failedAt >= now - AFTER_FAILURE.toMillis()) {
      return;
    }
    try {
      look(now);
      lastLook = now;
      if (failedAt != Long.MIN_VALUE) {
        log.info("{}: the input log ends are visible again", groupId);
        failedAt = Long.MIN_VALUE;
      }
    } catch (RuntimeException e) {
      // Without a fresh look the scans only go as far as the records read: late, never wrong.
      if (failedAt == Long.MIN_VALUE) {
        log.warn("{}: cannot see the input log ends ({}); deadlines wait for records", groupId, e.toString());
      }
      failedAt = now;
    }
  }

  /** {@code at} is taken before asking, so a look never claims more than it saw. */
  private void look(long at) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          ConsumerConfig.GROUP_ID_CONFIG, groupId,
          ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-log-ends",
          // The high watermark is at or past the last stable offset and an open transaction's offsets are
          // not shown: a look can only understate how far the application read, and never waits for it.
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    Set<TopicPartition> partitions = Set.copyOf(watched);
    Map<TopicPartition, Long> end = Map.copyOf(consumer.endOffsets(partitions, TIMEOUT));
    Map<TopicPartition, Long> committed = new HashMap<>();
    consumer.committed(partitions, TIMEOUT).forEach((p, o) -> {
      if (o != null) {
        committed.put(p, o.offset());
      }
    });
    ends.add(new LogEnds.Sighting(at, end, Map.copyOf(committed)));
  }

  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}
