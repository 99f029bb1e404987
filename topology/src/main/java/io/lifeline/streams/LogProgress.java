package io.lifeline.streams;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * How far an application has read its input logs, in wall-clock time. The scans that apply deadlines
 * and close windows by the clock ask it, so that after a start, a restart or a rebalance nothing is
 * decided by the clock while records appended before that time are still unread (DESIGN.md 5.2).
 */
@FunctionalInterface
public interface LogProgress {

  /** For drivers that process each record as it is written (TopologyTestDriver, the audit replay). */
  LogProgress SYNCHRONOUS = (partition, nextOffset) -> Long.MAX_VALUE;

  /**
   * The latest time T (epoch millis) such that every record appended to {@code partition} before T
   * is below {@code nextOffset} (so the caller has processed it) or committed by this application;
   * {@link Long#MIN_VALUE} while that is not known.
   */
  long readThrough(TopicPartition partition, long nextOffset);

  /** A task's input partitions, announced when it starts, so that one look covers every task. */
  default void watch(List<TopicPartition> partitions) {}
}
