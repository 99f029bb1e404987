package io.lifeline.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LogProgress} of a running application. Kafka Streams knows only the offsets it has fetched,
 * not where the log ends, and a scan must not run ahead of a backlog it has not fetched yet. So when a
 * scan has work due beyond what its records show, this asks the cluster for the end offsets
 * ({@code read_committed}) of the partitions scans asked about and for the offsets the application
 * committed. One look answers every task that asks within {@link #FRESH}; an application with
 * nothing due asks nothing.
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
  private Admin admin;
  private long lastLook = Long.MIN_VALUE;
  private long failedAt = Long.MIN_VALUE;

  /** Watches for the application whose consumer group (its application id) is {@code groupId}. */
  public LogEndWatcher(String bootstrapServers, String groupId) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Without a fresh look the scans only go as far as the records read: late, never wrong.
      if (failedAt == Long.MIN_VALUE) {
        log.warn("{}: cannot see the input log ends ({}); deadlines wait for records", groupId, e.toString());
      }
      failedAt = now;
    }
  }

  /** {@code at} is taken before asking, so a look never claims more than it saw. */
  private void look(long at) throws Exception {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-log-ends",
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    watched.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((p, info) -> end.put(p, info.offset()));
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    group.forEach((p, o) -> {
      if (o != null) {
        committed.put(p, o.offset());
      }
    });
    ends.add(new LogEnds.Sighting(at, Map.copyOf(end), Map.copyOf(committed)));
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
