package io.lifeline.streams;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The event-time watermark of one task: every record of its input partitions stamped before it has
 * been processed. Input records carry the broker's append time, which never goes back within a
 * partition, so a partition is read up to the newest timestamp it delivered, and, when that is not
 * far enough, up to when its log end was last seen reached ({@link LogProgress}). The slowest
 * partition holds the task back.
 */
public final class Watermark {

  private final LogProgress progress;
  private final TopicPartition[] partitions;
  private final long[] newest;
  private final long[] next;

  /** The watermark over partition {@code partition} of each of {@code topics} (a task's co-partitioned inputs). */
  public Watermark(LogProgress progress, List<String> topics, int partition) {
    this.progress = progress;
    this.partitions = topics.stream().map(t -> new TopicPartition(t, partition)).toArray(TopicPartition[]::new);
    this.newest = new long[partitions.length];
    this.next = new long[partitions.length];
    Arrays.fill(newest, Long.MIN_VALUE);
    progress.watch(List.of(partitions));
  }

  /** Called for every record the task reads, keyless ones included. */
  public void advance(Optional<RecordMetadata> metadata, long timestamp) {
    if (metadata.isEmpty()) {
      return;
    }
    RecordMetadata m = metadata.get();
    for (int i = 0; i < partitions.length; i++) {
      if (partitions[i].topic().equals(m.topic())) {
        newest[i] = Math.max(newest[i], timestamp);
        next[i] = Math.max(next[i], m.offset() + 1);
        return;
      }
    }
  }

  /**
   * How far the inputs are read, for a scan at {@code now} that has work due up to {@code wanted}:
   * partitions whose records already reach {@code wanted} need no look at the cluster. Never past
   * {@code now} unless a record's timestamp is.
   */
  public long upTo(long now, long wanted) {
    long upTo = Long.MAX_VALUE;
    for (int i = 0; i < partitions.length; i++) {
      long read = newest[i] >= wanted ? newest[i]
          : Math.max(newest[i], Math.min(now, progress.readThrough(partitions[i], next[i])));
      upTo = Math.min(upTo, read);
    }
    return upTo;
  }
}
