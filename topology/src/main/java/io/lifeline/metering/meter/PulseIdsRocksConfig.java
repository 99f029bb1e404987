package io.lifeline.metering.meter;

import io.lifeline.schemas.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB options of the meter's stores. Nearly every lookup in {@link PulseIds} is for an id never
 * seen. Kafka Streams tunes RocksDB for lookups that hit ({@code optimize_filters_for_hits}: no bloom
 * filter on the last level, where most ids are), so each miss read an index and a data block there;
 * here every level keeps its filter. The newest ids are in the memtable, whose skip list a miss walks
 * down: a bloom filter over its whole keys answers most misses without that.
 */
public final class PulseIdsRocksConfig implements RocksDBConfigSetter {

  /** Share of the memtable given to its bloom filter, as RocksDB's documentation suggests (10%). */
  static final double MEMTABLE_BLOOM_RATIO = 0.1;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    if (storeName.equals(StoreNames.METERING_PULSE_IDS)) {
      options.setOptimizeFiltersForHits(false);
      options.setMemtableWholeKeyFiltering(true);
      options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
    }
  }

  @Override
  public void close(String storeName, Options options) {}
}
