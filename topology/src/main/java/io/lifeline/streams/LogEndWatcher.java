package io.lifeline.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * {@link LogProgress} of a running application. Every {@link #PERIOD} a daemon thread asks the cluster
 * for the end offsets ({@code read_committed}) of the input partitions its tasks asked about, and for
 * the offsets the application committed. Kafka Streams itself only knows the offsets it has fetched,
 * not the log end, and a scan must not run ahead of a backlog it has not fetched yet. Partitions are
 * watched from the first question about them, so an application without scans never asks anything.
 */
public final class LogEndWatcher implements LogProgress, AutoCloseable {

  /** Short against the 1 s deadline scan: the view of an idle partition is never more than this old. */
  static final Duration PERIOD = Duration.ofMillis(100);
  /** Sightings kept: a reader a few seconds behind still finds one it has passed. */
  static final int KEEP = 50;

  private static final Logger log = LoggerFactory.getLogger(LogEndWatcher.class);

  private final String bootstrapServers;
  private final String groupId;
  private final LogEnds ends = new LogEnds(KEEP);
  private final Set<TopicPartition> watched = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer;
  private Admin admin;
  private boolean failing;

  /** Watches for the application whose consumer group (its application id) is {@code groupId}. */
  public LogEndWatcher(String bootstrapServers, String groupId) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
  }

  @Override
  public long readThrough(TopicPartition partition, long nextOffset) {
    if (watched.add(partition)) {
      start();
    }
    return ends.readThrough(partition, nextOffset);
  }

  private synchronized void start() {
    if (timer != null) {
      return;
    }
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-log-ends",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, groupId + "-log-ends");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::look, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void look() {
    long at = System.currentTimeMillis();
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      watched.forEach(p -> latest.put(p, OffsetSpec.latest()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(10, TimeUnit.SECONDS).forEach((p, info) -> end.put(p, info.offset()));
      Map<TopicPartition, Long> committed = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      group.forEach((p, o) -> {
        if (o != null) {
          committed.put(p, o.offset());
        }
      });
      ends.add(new LogEnds.Sighting(at, Map.copyOf(end), Map.copyOf(committed)));
      if (failing) {
        log.info("{}: log ends are visible again", groupId);
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Without a fresh sighting the scans only go as far as the records read: late, never wrong.
      if (!failing) {
        log.warn("{}: cannot see the input log ends ({}); deadlines wait for records", groupId, e.toString());
        failing = true;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      admin.close(Duration.ofSeconds(5));
    }
  }
}
