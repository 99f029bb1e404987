package io.lifeline.delivery;

import io.lifeline.delivery.channel.Notice;
import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code heartbeat.alerts} and sends each alert to each channel of its check, at least once
 * and in order per check and channel: the sends of one channel run one after another in a lane of
 * their own, so a slow channel holds back only itself. An offset is committed once every alert up to
 * it has been sent (or dead-lettered) and its attempts are in the delivery log, so a crash between
 * sending and committing causes at most one resend, which carries the same idempotency key.
 */
final class AlertSender implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(AlertSender.class);
  private static final AvroSerde<Alert> ALERTS = new AvroSerde<>(Alert.class);
  /** Alerts being sent at once; past this the consumer pauses, so a dead channel cannot fill the memory. */
  static final int MAX_IN_FLIGHT = 1_000;

  private record Pending(long offset, CompletableFuture<Void> done) {}

  private final Consumer<String, byte[]> consumer;
  private final CheckLookup checks;
  private final ChannelLookup channels;
  private final AlertDelivery delivery;
  private final String publicBaseUrl;
  private final Map<TopicPartition, Deque<Pending>> pending = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private boolean rewinding;

  AlertSender(Consumer<String, byte[]> consumer, CheckLookup checks, ChannelLookup channels, AlertDelivery delivery,
      String publicBaseUrl) {
    this.consumer = consumer;
    this.checks = checks;
    this.channels = channels;
    this.delivery = delivery;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.HEARTBEAT_ALERTS.name()), new Rebalance());
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          pending.computeIfAbsent(tp, p -> new ArrayDeque<>()).add(new Pending(record.offset(), start(record)));
        }
        commitCompleted();
        throttle();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the alert sender stopped: {}", e.toString(), e);
    } finally {
      try {
        commitCompleted();
      } catch (RuntimeException e) {
        log.warn("last commit of the alert sender failed: {}", e.toString());
      }
      consumer.close(Duration.ofSeconds(5));
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  /** A lookup that fails (the replica is restoring) fails this alert, which is then sent again. */
  private CompletableFuture<Void> start(ConsumerRecord<String, byte[]> record) {
    try {
      return deliver(record);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> deliver(ConsumerRecord<String, byte[]> record) {
    Alert alert;
    try {
      alert = ALERTS.decode(record.value());
    } catch (SerializationException e) {
      log.warn("poison alert {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return delivery.deadLetterPoison(record, e);
    }
    if (alert == null || alert.getChannels().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Notice notice = Notice.of(alert, checks.byUuid(alert.getCheckUuid()).orElse(null), publicBaseUrl);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (String channelId : alert.getChannels()) {
      Optional<ChannelDefinition> channel = channels.byId(channelId);
      sends.add(channel.isPresent()
          ? inLane(channelId, () -> delivery.deliver(channel.get(), notice, record))
          : delivery.skipped(notice, channelId));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
  }

  /** Runs after whatever this channel is sending now, failed or not, so each channel gets its alerts in order. */
  private CompletableFuture<Void> inLane(String channelId, Supplier<CompletableFuture<Void>> send) {
    return lanes.compute(channelId, (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
        .handle((done, error) -> null).thenCompose(ready -> send.get()));
  }

  /**
   * Commits, per partition, past every alert at its head that is done. An alert whose attempts could
   * not be recorded (Kafka away) stops the commits; once nothing is in flight, each partition is
   * rewound to its first undone alert and those are sent again.
   */
  private void commitCompleted() {
    Map<TopicPartition, OffsetAndMetadata> commits = uncommitted;
    Map<TopicPartition, Long> rewindTo = new HashMap<>();
    Throwable cause = null;
    for (Map.Entry<TopicPartition, Deque<Pending>> e : pending.entrySet()) {
      Deque<Pending> queue = e.getValue();
      while (!queue.isEmpty() && queue.peek().done().isDone()) {
        Pending head = queue.peek();
        if (head.done().isCompletedExceptionally()) {
          rewindTo.put(e.getKey(), head.offset());
          cause = head.done().handle((ok, error) -> error).join();
          break;
        }
        queue.poll();
        commits.put(e.getKey(), new OffsetAndMetadata(head.offset() + 1));
      }
    }
    if (!commits.isEmpty()) {
      try {
        consumer.commitSync(commits, Duration.ofSeconds(5));
        commits.clear();
      } catch (org.apache.kafka.common.errors.RetriableException | org.apache.kafka.clients.consumer.CommitFailedException e) {
        log.warn("cannot commit the alert offsets yet ({}); will try again", e.toString());
      }
    }
    if (!rewindTo.isEmpty() && !rewinding) {
      log.warn("delivery attempts could not be recorded ({}); the alerts from {} will be sent again",
          String.valueOf(cause), rewindTo);
      rewinding = true;
    }
    if (rewinding && pending.values().stream().allMatch(q -> q.stream().allMatch(p -> p.done().isDone()))) {
      pending.forEach((tp, queue) -> {
        if (!queue.isEmpty()) {
          consumer.seek(tp, queue.peek().offset());
        }
      });
      pending.clear();
      rewinding = false;
    }
  }

  private void throttle() {
    long inFlight = pending.values().stream().mapToLong(Collection::size).sum();
    if (rewinding || inFlight >= MAX_IN_FLIGHT) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /** Partitions that move to another instance are committed as far as they are done, then forgotten. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitCompleted();
      partitions.forEach(tp -> {
        pending.remove(tp);
        uncommitted.remove(tp);
      });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("sending the alerts of {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> {
        pending.remove(tp);
        uncommitted.remove(tp);
      });
    }
  }
}
