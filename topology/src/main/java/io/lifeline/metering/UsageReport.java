package io.lifeline.metering;

import io.lifeline.schemas.internal.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage per window from the windows store: the metered windows as they are ({@code HOUR}), or
 * summed per UTC day ({@code DAY}). All windows of a series live on one partition, so a day can be
 * summed where its hours are.
 */
public final class UsageReport {

  public enum Granularity { HOUR, DAY }

  /** Orders rows for an answer: by series, then time. */
  public static final Comparator<UsageRow> ORDER =
      Comparator.comparing(UsageRow::series).thenComparing(UsageRow::windowStart);

  private UsageReport() {}

  /** Windows starting in {@code [from, to)} of the tenant (and SKU, unit when given). */
  public static List<UsageRow> rows(Iterator<UsageWindow> windows, UsageQuery query) {
    List<UsageRow> hours = new ArrayList<>();
    windows.forEachRemaining(w -> {
      if (query.matches(w)) {
        hours.add(UsageRow.of(w));
      }
    });
    hours.sort(ORDER);
    return query.granularity() == Granularity.HOUR ? hours : days(hours);
  }

  private static List<UsageRow> days(List<UsageRow> hours) {
    Map<String, UsageRow> days = new LinkedHashMap<>();
    for (UsageRow hour : hours) {
      Instant day = hour.windowStart().truncatedTo(ChronoUnit.DAYS);
      Instant end = day.plus(Duration.ofDays(1));
      days.merge(hour.series() + '|' + day, new UsageRow(hour.tenant(), hour.sku(), hour.unit(), day, end,
              hour.total(), hour.count(), hour.firstPulseAt(), hour.lastPulseAt(), hour.isFinal()),
          (sum, next) -> sum.plus(next, day, end));
    }
    return new ArrayList<>(days.values());
  }
}
