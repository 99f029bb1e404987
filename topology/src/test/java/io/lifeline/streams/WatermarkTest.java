package io.lifeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

/** How far a task has read its inputs: records' timestamps, and sightings of the log ends for idle partitions. */
class WatermarkTest {

  private static final TopicPartition CHECKS = new TopicPartition("checks", 3);
  private static final TopicPartition PINGS = new TopicPartition("pings", 3);

  private final LogEnds ends = new LogEnds(3);
  private final Watermark watermark = new Watermark(ends, List.of("checks", "pings"), 3);

  @Test
  void nothingIsReadBeforeTheFirstSightingOrRecord() {
    assertThat(watermark.upTo(1_000, 1_000)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void anIdlePartitionIsReadThroughTheLatestSightingWhoseEndWasReachedOrCommitted() {
    ends.add(new LogEnds.Sighting(100, Map.of(CHECKS, 7L, PINGS, 50L), Map.of(CHECKS, 7L, PINGS, 40L)));
    assertThat(watermark.upTo(1_000, 1_000)).as("pings committed up to 40 of 50").isEqualTo(Long.MIN_VALUE);

    read(PINGS, 49, 90);
    assertThat(watermark.upTo(1_000, 1_000)).isEqualTo(100);

    ends.add(new LogEnds.Sighting(200, Map.of(CHECKS, 7L, PINGS, 60L), Map.of(CHECKS, 7L, PINGS, 50L)));
    assertThat(watermark.upTo(1_000, 1_000)).as("the pings appended since 100 are not read yet").isEqualTo(100);
    read(PINGS, 59, 195);
    assertThat(watermark.upTo(1_000, 1_000)).isEqualTo(200);
  }

  @Test
  void aBusyPartitionIsReadThroughItsNewestTimestampButTheSlowestPartitionHoldsTheTaskBack() {
    read(PINGS, 10, 5_000);
    assertThat(watermark.upTo(9_000, 9_000)).as("checks never seen").isEqualTo(Long.MIN_VALUE);
    read(CHECKS, 0, 4_000);
    assertThat(watermark.upTo(9_000, 9_000)).isEqualTo(4_000);
  }

  @Test
  void partitionsWhoseRecordsReachWhatIsWantedAreNotLookedUp() {
    List<TopicPartition> asked = new java.util.ArrayList<>();
    Watermark counting = new Watermark((p, next) -> {
      asked.add(p);
      return 7_000;
    }, List.of("checks", "pings"), 3);
    counting.advance(metadata(PINGS, 1), 5_000);
    assertThat(counting.upTo(9_000, 4_000)).as("checks looked up, pings read far enough").isEqualTo(5_000);
    assertThat(asked).containsExactly(CHECKS);
  }

  @Test
  void aSightingIsNeverTakenForMoreThanTheClockAndOldSightingsAreDropped() {
    ends.add(new LogEnds.Sighting(100, Map.of(CHECKS, 0L, PINGS, 0L), Map.of()));
    ends.add(new LogEnds.Sighting(200, Map.of(CHECKS, 5L, PINGS, 0L), Map.of()));
    ends.add(new LogEnds.Sighting(300, Map.of(CHECKS, 5L, PINGS, 0L), Map.of()));
    ends.add(new LogEnds.Sighting(400, Map.of(CHECKS, 5L, PINGS, 0L), Map.of()));
    assertThat(watermark.upTo(50, 50)).isEqualTo(Long.MIN_VALUE);
    assertThat(ends.readThrough(CHECKS, 0)).as("the sighting at 100 is no longer kept").isEqualTo(Long.MIN_VALUE);
    read(CHECKS, 4, 150);
    assertThat(watermark.upTo(350, 350)).isEqualTo(350);
  }

  private void read(TopicPartition partition, long offset, long timestamp) {
    watermark.advance(metadata(partition, offset), timestamp);
  }

  private static Optional<RecordMetadata> metadata(TopicPartition partition, long offset) {
    return Optional.of(new RecordMetadata() {
      @Override
      public String topic() {
        return partition.topic();
      }

      @Override
      public int partition() {
        return partition.partition();
      }

      @Override
      public long offset() {
        return offset;
      }
    });
  }
}
