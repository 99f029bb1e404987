package io.lifeline.heartbeat;

import io.lifeline.schemas.MaintenanceWindow;
import java.util.List;

/**
 * Recurring maintenance windows: each opens at a time of its cron schedule, in its zone, and lasts
 * its duration. A deadline that falls inside one is moved to the window's end, so a job that is
 * expected to be missing during maintenance alerts only if it is still missing afterwards.
 */
public final class MaintenanceWindows {

  /** Windows that chain into each other are followed this far; more would be a configuration error. */
  private static final int MAX_CHAINED = 16;

  private MaintenanceWindows() {}

  /** {@code at}, or the end of the maintenance window it falls in (and of any window that one ends in). */
  public static long outside(List<MaintenanceWindow> windows, long at) {
    long t = at;
    for (int i = 0; i < MAX_CHAINED; i++) {
      Long end = endOfWindowHolding(windows, t);
      if (end == null) {
        return t;
      }
      t = end;
    }
    return t;
  }

  /** Whether {@code at} falls inside one of the windows. */
  public static boolean inside(List<MaintenanceWindow> windows, long at) {
    return endOfWindowHolding(windows, at) != null;
  }

  private static Long endOfWindowHolding(List<MaintenanceWindow> windows, long at) {
    Long latestEnd = null;
    for (MaintenanceWindow w : windows) {
      Long start = CronSchedule.lastAtOrBefore(w.getSchedule(), w.getTz(), at).orElse(null);
      if (start != null) {
        long end = start + w.getDurationSeconds() * 1000;
        if (at < end && (latestEnd == null || end > latestEnd)) {
          latestEnd = end;
        }
      }
    }
    return latestEnd;
  }
}
