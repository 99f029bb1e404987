package io.lifeline.heartbeat;

import io.lifeline.heartbeat.CheckRules.Status;
import java.util.List;

/**
 * What a badge shows for a set of checks, as healthchecks counts it: {@code down} when any check is
 * down, else {@code late} when any is in its grace period and the badge has three states, else
 * {@code up}. New, started and paused checks count as up.
 */
public record BadgeStatus(String status, int total, int grace, int down) {

  public static BadgeStatus of(List<Status> statuses, boolean withLate) {
    int grace = 0;
    int down = 0;
    for (Status s : statuses) {
      if (s == Status.DOWN) {
        down++;
      } else if (s == Status.GRACE) {
        grace++;
      }
    }
    String status = down > 0 ? "down" : grace > 0 && withLate ? "late" : "up";
    return new BadgeStatus(status, statuses.size(), grace, down);
  }
}
