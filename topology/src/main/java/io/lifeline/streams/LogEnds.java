package io.lifeline.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The recent sightings of an application's input log ends, newest first: at time {@code at}, each
 * partition ended at an offset, and the application had committed up to another. A partition is read
 * through the time of the newest sighting whose end the reader has reached.
 */
final class LogEnds implements LogProgress {

  /** What one look at the cluster saw; {@code at} is taken before asking, so it is never late. */
  record Sighting(long at, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {

    boolean reachedBy(TopicPartition partition, long nextOffset) {
      Long end = ends.get(partition);
      return end != null && Math.max(nextOffset, committed.getOrDefault(partition, 0L)) >= end;
    }
  }

  private final int keep;
  private volatile List<Sighting> newestFirst = List.of();

  LogEnds(int keep) {
    this.keep = keep;
  }

  void add(Sighting sighting) {
    List<Sighting> next = new ArrayList<>(keep);
    next.add(sighting);
    for (Sighting older : newestFirst) {
      if (next.size() == keep) {
        break;
      }
      next.add(older);
    }
    newestFirst = List.copyOf(next);
  }

  @Override
  public long readThrough(TopicPartition partition, long nextOffset) {
    for (Sighting s : newestFirst) {
      if (s.reachedBy(partition, nextOffset)) {
        return s.at();
      }
    }
    return Long.MIN_VALUE;
  }
}
