package io.lifeline.heartbeat;

import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.internal.CheckState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

/**
 * Every status rule of a heartbeat check, in one place (DESIGN.md section 5.2). Each rule is a pure
 * function of the stored state, the event and its time; it returns the new state (with the deadline
 * the index must hold next), the flips and the alerts. The monitor applies them and the API derives
 * the reported status with {@link #statusAt}, so no other class decides what a check's status is.
 *
 * <p>Time is the log's: an event's time is its record's timestamp (when Kafka appended it), and a
 * deadline at or before an event's time is applied before the event, stamped at the deadline. So the
 * outcome is the same whether the wall-clock scan or the event came first, and a replay of the log
 * gives the same flips and alerts.
 */
public final class CheckRules {

  /** The status the API reports: the stored ones plus the derived {@code started} and {@code grace}. */
  public enum Status {
    NEW, STARTED, UP, GRACE, DOWN, PAUSED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What an event did: the state to store, then the flips and alerts to emit, in order. */
  public record Outcome(CheckState state, List<Flip> flips, List<Alert> alerts) {}

  private final String publicBaseUrl;

  public CheckRules(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  public static CheckState fresh(String uuid) {
    return CheckState.newBuilder().setUuid(uuid).setStatus(CheckStatus.NEW).build();
  }

  /**
   * A new definition at {@code at}: deadlines passed by then are applied under the old one first;
   * pause and resume commands it carries take effect at {@code at}, in the order they were given.
   */
  public Outcome onDefinition(CheckState current, CheckDefinition definition, long at) {
    CheckState s = current == null ? fresh(definition.getUuid()) : CheckState.newBuilder(current).build();
    Events events = new Events(s);
    passDeadlines(events, at);
    s.setDefinition(definition);
    Long pausedAt = millis(definition.getPausedAt());
    Long resumedAt = millis(definition.getResumedAt());
    boolean pausePending = pausedAt != null && !pausedAt.equals(s.getHandledPausedAt());
    boolean resumePending = resumedAt != null && !resumedAt.equals(s.getHandledResumedAt());
    if (pausePending && resumePending && resumedAt < pausedAt) {
      resume(events, resumedAt, at);
      pause(events, pausedAt, at);
    } else {
      if (pausePending) {
        pause(events, pausedAt, at);
      }
      if (resumePending) {
        resume(events, resumedAt, at);
      }
    }
    if (s.getStatus() == CheckStatus.DOWN) {
      Long every = realertEveryMillis(definition);
      if (every == null) {
        s.setNextAlertAt(null);
      } else if (s.getNextAlertAt() == null && s.getDownSince() != null) {
        s.setNextAlertAt(s.getDownSince() + every);
      }
    }
    return events.done();
  }

  /**
   * What a request to a ping URL means for this check: the kind its path asks for, a failure when it
   * reports a non-zero exit status, and ignored when the check accepts only POST and this was not one.
   */
  public static PingKind kindOf(CheckDefinition check, PingKind requested, Integer exitStatus, String method) {
    if ("POST".equals(check.getMethods()) && !"POST".equals(method)) {
      return PingKind.IGNORED;
    }
    if (exitStatus != null) {
      return exitStatus == 0 ? PingKind.SUCCESS : PingKind.FAIL;
    }
    return requested;
  }

  /**
   * How long each run took, keyed by the {@code n} of the ping that finished it: the same pairing of
   * a start with its finish as {@link #onPing} applies, replayed over a check's ping history.
   */
  public static Map<Long, Long> runDurations(List<Numbered<Ping>> newestFirst) {
    Map<Long, Long> durations = new HashMap<>();
    Long start = null;
    String startRid = null;
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      Numbered<Ping> numbered = newestFirst.get(i);
      Ping p = numbered.entry();
      long at = p.getReceivedAt().toEpochMilli();
      if (p.getKind() == PingKind.START) {
        start = at;
        startRid = p.getRid();
      } else if (p.getKind() == PingKind.SUCCESS || p.getKind() == PingKind.FAIL) {
        if (endsRun(start, startRid, p)) {
          durations.put(numbered.n(), at - start);
          start = null;
          startRid = null;
        }
      }
    }
    return durations;
  }

  /** A finish ends the open run when it names no run, or that run's own {@code rid}. */
  private static boolean endsRun(Long runStart, String runRid, Ping finish) {
    return runStart != null && (finish.getRid() == null || finish.getRid().equals(runRid));
  }

  /** A ping at {@code at}, after the deadlines passed by then. */
  public Outcome onPing(CheckState current, Ping ping, long at) {
    CheckState s = current == null ? fresh(ping.getCheckUuid()) : CheckState.newBuilder(current).build();
    Events events = new Events(s);
    passDeadlines(events, at);
    s.setNPings(s.getNPings() + 1);
    PingKind kind = ping.getKind();
    boolean manualResumeHolds = s.getStatus() == CheckStatus.PAUSED && s.getDefinition() != null
        && s.getDefinition().getManualResume();
    if (manualResumeHolds || kind == PingKind.IGNORED || kind == PingKind.LOG || kind == PingKind.UNKNOWN) {
      return events.done();
    }
    if (kind == PingKind.START) {
      s.setLastStart(at);
      s.setLastStartRid(ping.getRid());
      return events.done();
    }
    boolean failed = kind == PingKind.FAIL;
    if (endsRun(s.getLastStart(), s.getLastStartRid(), ping)) {
      s.setLastDurationMillis(at - s.getLastStart());
      s.setLastStart(null);
      s.setLastStartRid(null);
    }
    s.setLastPing(at);
    if (failed) {
      goDown(events, FlipReason.FAIL, at);
    } else if (s.getStatus() != CheckStatus.UP) {
      CheckStatus from = s.getStatus();
      events.flip(CheckStatus.UP, FlipReason.PING, at);
      if (from == CheckStatus.DOWN) {
        events.alert(AlertStatus.UP, from, FlipReason.PING, at);
      }
      s.setDownSince(null);
      s.setDownReason(null);
      s.setNextAlertAt(null);
    }
    return events.done();
  }

  /**
   * The check's deadline {@code at} has passed: a run or a period overran (down, stamped at the
   * deadline itself) or a repeated alert of an ongoing incident is due.
   */
  public Outcome onDeadline(CheckState current, long at) {
    Events events = new Events(CheckState.newBuilder(current).build());
    deadline(events, at);
    return events.done();
  }

  /**
   * Every deadline at or before {@code at}, each applied at its own time: what the scan would have
   * done had it run before the event. Each one moves the deadline on (down, or the next repeat).
   */
  private void passDeadlines(Events events, long at) {
    Long due = deadlineOf(events.state);
    while (due != null && due <= at) {
      deadline(events, due);
      Long next = deadlineOf(events.state);
      if (due.equals(next)) {
        return;
      }
      due = next;
    }
  }

  private void deadline(Events events, long at) {
    CheckState s = events.state;
    if (s.getStatus() == CheckStatus.DOWN) {
      Long every = s.getDefinition() == null ? null : realertEveryMillis(s.getDefinition());
      if (every != null && s.getNextAlertAt() != null && at >= s.getNextAlertAt()) {
        FlipReason reason = s.getDownReason() == null ? FlipReason.TIMEOUT : s.getDownReason();
        events.alert(AlertStatus.DOWN, CheckStatus.DOWN, reason, s.getNextAlertAt());
        long next = s.getNextAlertAt();
        while (next <= at) {
          next += every;
        }
        s.setNextAlertAt(next);
      }
      return;
    }
    Long downAt = downAt(s, s.getDefinition());
    if (downAt != null && at >= downAt && s.getStatus() != CheckStatus.PAUSED) {
      goDown(events, FlipReason.TIMEOUT, downAt);
    }
  }

  /** The status the API reports at {@code now}, with the definition the caller holds. */
  public static Status statusAt(CheckState state, CheckDefinition definition, long now) {
    if (state == null) {
      return Status.NEW;
    }
    switch (state.getStatus()) {
      case PAUSED:
        return Status.PAUSED;
      case DOWN:
        return Status.DOWN;
      default:
        break;
    }
    Long downAt = downAt(state, definition);
    if (downAt != null && now >= downAt) {
      return Status.DOWN;
    }
    if (state.getLastStart() != null) {
      return Status.STARTED;
    }
    if (state.getStatus() == CheckStatus.NEW) {
      return Status.NEW;
    }
    Long expected = expectedAfter(definition, state.getLastPing());
    return expected != null && now >= expected ? Status.GRACE : Status.UP;
  }

  /** When the next ping is expected: {@code last_ping + timeout}, or the next cron time after it. */
  public static Long nextPing(CheckState state, CheckDefinition definition) {
    if (state == null || state.getStatus() == CheckStatus.PAUSED) {
      return null;
    }
    return expectedAfter(definition, state.getLastPing());
  }

  /**
   * When this state goes down unless a ping comes first: the scheduled deadline plus grace, or the
   * start of an open run plus max runtime, whichever is sooner. Null when nothing can make it go down.
   */
  static Long downAt(CheckState s, CheckDefinition d) {
    if (d == null || s.getStatus() == CheckStatus.PAUSED || s.getStatus() == CheckStatus.DOWN) {
      return null;
    }
    Long byRun = s.getLastStart() == null ? null : s.getLastStart() + maxRuntimeMillis(d);
    Long expected = s.getStatus() == CheckStatus.UP ? expectedAfter(d, s.getLastPing()) : null;
    Long bySchedule = expected == null ? null : expected + graceMillis(d);
    if (byRun == null) {
      return bySchedule;
    }
    return bySchedule == null ? byRun : Math.min(byRun, bySchedule);
  }

  /** The deadline the index must hold for this state: when it goes down, or when to alert again. */
  static Long deadlineOf(CheckState s) {
    if (s.getStatus() == CheckStatus.DOWN) {
      return s.getNextAlertAt();
    }
    return downAt(s, s.getDefinition());
  }

  static Long expectedAfter(CheckDefinition d, Long lastPing) {
    if (d == null || lastPing == null) {
      return null;
    }
    if (d.getSchedule() != null && !d.getSchedule().isBlank()) {
      return CronSchedule.nextAfter(d.getSchedule(), d.getTz(), lastPing).orElse(null);
    }
    return lastPing + d.getTimeoutSeconds() * 1000;
  }

  static long graceMillis(CheckDefinition d) {
    return d.getGraceSeconds() * 1000;
  }

  static long maxRuntimeMillis(CheckDefinition d) {
    return d.getMaxRuntimeSeconds() != null ? d.getMaxRuntimeSeconds() * 1000 : graceMillis(d);
  }

  static Long realertEveryMillis(CheckDefinition d) {
    return d.getRealertEverySeconds() == null || d.getRealertEverySeconds() <= 0
        ? null : d.getRealertEverySeconds() * 1000;
  }

  private void goDown(Events events, FlipReason reason, long at) {
    CheckState s = events.state;
    if (s.getStatus() == CheckStatus.DOWN) {
      return;
    }
    CheckStatus from = s.getStatus();
    events.flip(CheckStatus.DOWN, reason, at);
    events.alert(AlertStatus.DOWN, from, reason, at);
    s.setDownSince(at);
    s.setDownReason(reason);
    Long every = s.getDefinition() == null ? null : realertEveryMillis(s.getDefinition());
    s.setNextAlertAt(every == null ? null : at + every);
  }

  /** The pause command given at {@code command}, applied at {@code at}; the command's time is its identity. */
  private static void pause(Events events, long command, long at) {
    CheckState s = events.state;
    if (s.getStatus() != CheckStatus.PAUSED) {
      events.flip(CheckStatus.PAUSED, FlipReason.PAUSE, at);
    }
    s.setLastStart(null);
    s.setLastStartRid(null);
    s.setDownSince(null);
    s.setDownReason(null);
    s.setNextAlertAt(null);
    s.setHandledPausedAt(command);
  }

  /** As in healthchecks: a resumed check starts over as new, waiting for its first ping. */
  private static void resume(Events events, long command, long at) {
    CheckState s = events.state;
    if (s.getStatus() == CheckStatus.PAUSED) {
      events.flip(CheckStatus.NEW, FlipReason.RESUME, at);
      s.setLastPing(null);
      s.setLastStart(null);
      s.setLastStartRid(null);
    }
    s.setHandledResumedAt(command);
  }

  /** Collects what one rule emits while it changes the state. */
  private final class Events {
    private final CheckState state;
    private final List<Flip> flips = new ArrayList<>(1);
    private final List<Alert> alerts = new ArrayList<>(1);

    Events(CheckState state) {
      this.state = state;
    }

    void flip(CheckStatus to, FlipReason reason, long at) {
      flips.add(Flip.newBuilder().setCheckUuid(state.getUuid()).setFrom(state.getStatus()).setTo(to)
          .setReason(reason).setAt(Instant.ofEpochMilli(at)).build());
      state.setStatus(to);
      state.setNFlips(state.getNFlips() + 1);
    }

    void alert(AlertStatus status, CheckStatus previous, FlipReason reason, long at) {
      CheckDefinition d = state.getDefinition();
      alerts.add(Alert.newBuilder()
          .setAlertId(state.getUuid() + ":" + status.name().toLowerCase(Locale.ROOT) + ":" + at)
          .setCheckUuid(state.getUuid())
          .setCheckName(d == null ? "" : d.getName())
          .setStatus(status)
          .setPreviousStatus(previous)
          .setReason(reason)
          .setAt(Instant.ofEpochMilli(at))
          .setLastPing(state.getLastPing() == null ? null : Instant.ofEpochMilli(state.getLastPing()))
          .setPingUrl(publicBaseUrl + "/ping/" + state.getUuid())
          .setChannels(d == null ? List.of() : new ArrayList<>(d.getChannels()))
          .build());
    }

    Outcome done() {
      state.setDeadline(deadlineOf(state));
      return new Outcome(state, List.copyOf(flips), List.copyOf(alerts));
    }
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  public static boolean sameDeadline(CheckState s, long deadline) {
    return s != null && Objects.equals(s.getDeadline(), deadline);
  }
}
