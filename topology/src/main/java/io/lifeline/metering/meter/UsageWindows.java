package io.lifeline.metering.meter;

import io.lifeline.metering.UsageQuery;
import io.lifeline.schemas.internal.UsageWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of the windows store ({@code metering-windows}): {@code tenant|sku|unit|<window start, 15-digit
 * millis>}. The series comes first and the time is fixed-width, so byte order is series then time:
 * a series' windows in a time range are one range scan, and a tenant's are one prefix scan.
 */
public final class UsageWindows {

  private UsageWindows() {}

  static String key(String series, long windowStartMillis) {
    return series + '|' + FixedWidth.millis(windowStartMillis);
  }

  /** The windows a usage query asks for, from a store of this instance. */
  public static List<UsageWindow> read(ReadOnlyKeyValueStore<String, UsageWindow> store, UsageQuery query) {
    List<UsageWindow> found = new ArrayList<>();
    // No window starts before 1970 (pulses older than the retention are refused), and keys cannot say it.
    long from = Math.max(0, query.from().toEpochMilli());
    long to = query.to().toEpochMilli();
    if (query.singleSeries() && to < from) {
      return found;
    }
    try (KeyValueIterator<String, UsageWindow> it = query.singleSeries()
        ? store.range(key(query.series(), from), key(query.series(), to))
        : store.prefixScan(prefix(query), new StringSerializer())) {
      it.forEachRemaining(kv -> {
        if (query.matches(kv.value)) {
          found.add(kv.value);
        }
      });
    }
    return found;
  }

  /**
   * The first window of each series, one short range scan per series: after a series' first key, the
   * scan starts again past all of its keys ({@code }} sorts right after {@code |}, and names hold neither).
   */
  public static List<UsageWindow> firstOfEachSeries(ReadOnlyKeyValueStore<String, UsageWindow> store) {
    List<UsageWindow> found = new ArrayList<>();
    String from = null;
    while (true) {
      try (KeyValueIterator<String, UsageWindow> it = store.range(from, null)) {
        if (!it.hasNext()) {
          return found;
        }
        KeyValue<String, UsageWindow> first = it.next();
        found.add(first.value);
        from = first.key.substring(0, first.key.lastIndexOf('|')) + '}';
      }
    }
  }

  private static String prefix(UsageQuery query) {
    return query.tenant() + '|' + (query.sku() == null ? "" : query.sku() + '|');
  }
}
