package io.lifeline.server;

import io.lifeline.ports.FlipFeed;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FlipFeed} over {@code heartbeat.flips}: one consumer per instance, without a group, on every
 * partition from the end, so any instance can feed its own live views and none of them takes flips
 * from another. Only committed flips are real, since the monitor writes them in transactions.
 */
final class KafkaFlipFeed implements FlipFeed, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaFlipFeed.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<Flip> flips = Topics.HEARTBEAT_FLIPS.valueSerde().deserializer();
  private final List<Consumer<Flip>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  KafkaFlipFeed(String bootstrapServers, String applicationId) {
    this.consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-flip-feed",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        // A live view is told within a second of the commit.
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "lifeline-flip-feed");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public Subscription subscribe(Consumer<Flip> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void run() {
    try {
      assignFromTheEnd();
      while (!closed) {
        consumer.poll(Duration.ofMillis(500)).forEach(this::tell);
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("the live flip feed stopped; live views fall back to polling", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** The topic is created by the bootstrap, maybe after this starts: wait for it while Kafka is away. */
  private void assignFromTheEnd() {
    while (!closed) {
      List<PartitionInfo> partitions;
      try {
        partitions = consumer.partitionsFor(Topics.HEARTBEAT_FLIPS.name());
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        partitions = List.of();
      }
      if (!partitions.isEmpty()) {
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        return;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void tell(ConsumerRecord<byte[], byte[]> record) {
    Flip flip;
    try {
      flip = flips.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn("skipping an unreadable flip at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    for (Consumer<Flip> listener : listeners) {
      try {
        listener.accept(flip);
      } catch (RuntimeException e) {
        log.debug("a live view did not take a flip", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
