package io.lifeline.audit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One task's inputs (the same partition of each co-partitioned topic) in the order Kafka Streams
 * processes them: each partition in offset order, the partitions merged by timestamp, the topic
 * named first winning a tie. Committed records only, up to the ends taken when the replay began.
 */
final class TaskInputs {

  /** Records buffered per partition before it is paused while another one catches up. */
  private static final int BUFFERED = 20_000;
  private static final Duration STALLED = Duration.ofMinutes(2);

  private final Logs logs;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, Long> ends;

  TaskInputs(Logs logs, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
    this.logs = logs;
    this.partitions = partitions;
    this.ends = ends;
  }

  void forEach(Consumer<ConsumerRecord<byte[], byte[]>> each, Progress progress) {
    int n = partitions.size();
    List<ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new ArrayList<>();
    partitions.forEach(p -> buffers.add(new ArrayDeque<>()));
    boolean[] readToEnd = new boolean[n];
    try (KafkaConsumer<byte[], byte[]> consumer = logs.consumer()) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long stalledAt = System.nanoTime() + STALLED.toNanos();
      long delivered = 0;
      while (true) {
        int next = -1;
        boolean waiting = false;
        for (int i = 0; i < n; i++) {
          ConsumerRecord<byte[], byte[]> head = buffers.get(i).peek();
          if (head == null) {
            waiting |= !readToEnd[i];
          } else if (next < 0 || head.timestamp() < buffers.get(next).peek().timestamp()) {
            next = i;
          }
        }
        if (waiting) {
          // A partition with records still to come could hold an earlier one: fetch before choosing.
          if (poll(consumer, buffers, readToEnd)) {
            stalledAt = System.nanoTime() + STALLED.toNanos();
          } else if (System.nanoTime() > stalledAt) {
            throw new IllegalStateException("no record of " + partitions + " could be read for " + STALLED);
          }
          continue;
        }
        if (next < 0) {
          progress.add(delivered % 1_000);
          return;
        }
        each.accept(buffers.get(next).poll());
        if (++delivered % 1_000 == 0) {
          progress.add(1_000);
        }
      }
    }
  }

  /** One fetch; returns whether it brought anything. */
  private boolean poll(KafkaConsumer<byte[], byte[]> consumer, List<ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers,
      boolean[] readToEnd) {
    for (int i = 0; i < partitions.size(); i++) {
      if (buffers.get(i).size() >= BUFFERED) {
        consumer.pause(List.of(partitions.get(i)));
      }
    }
    boolean fetched = false;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      int i = partitions.indexOf(new TopicPartition(r.topic(), r.partition()));
      if (r.offset() < ends.get(partitions.get(i))) {
        buffers.get(i).add(r);
        fetched = true;
      }
    }
    consumer.resume(consumer.paused());
    for (int i = 0; i < partitions.size(); i++) {
      readToEnd[i] = consumer.position(partitions.get(i)) >= ends.get(partitions.get(i));
    }
    return fetched;
  }
}
