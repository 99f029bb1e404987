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

  /**
   * What an event did: the state to store, then the flips and alerts to emit, in order; for a ping,
   * also the ping as the check's log keeps it.
   */
  public record Outcome(CheckState state, List<Flip> flips, List<Alert> alerts, Ping logged) {}

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
    Long until = millis(definition.getPausedUntil());
    if (pausePending && resumePending && resumedAt < pausedAt) {
      resume(events, resumedAt, at);
      pause(events, pausedAt, until, at);
    } else {
      if (pausePending) {
        pause(events, pausedAt, until, at);
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
   * What a request to a ping URL means for this check, as healthchecks decides it: the kind its path
   * asks for, a failure when it reports a non-zero exit status, ignored when the check accepts only
   * POST and this was not one; and with {@code filter_http_body}, whatever the body's keywords say.
   */
  public static PingKind kindOf(CheckDefinition check, PingKind requested, Integer exitStatus, String method,
      String body) {
    if ("POST".equals(check.getMethods()) && !"POST".equals(method)) {
      return PingKind.IGNORED;
    }
    if (check.getFilterHttpBody()) {
      return byKeywords(check, body);
    }
    return exitStatus != null && exitStatus > 0 ? PingKind.FAIL : requested;
  }

  /**
   * A filtered ping: failure keywords first, then success, then start; no match is ignored, or a
   * failure with {@code filter_default_fail}. Keywords are comma-separated and case-insensitive: a job
   * that prints "Error" when the keyword says "ERROR" has still failed.
   */
  static PingKind byKeywords(CheckDefinition check, String text) {
    if (anyKeyword(text, check.getFailureKw())) {
      return PingKind.FAIL;
    }
    if (anyKeyword(text, check.getSuccessKw())) {
      return PingKind.SUCCESS;
    }
    if (anyKeyword(text, check.getStartKw())) {
      return PingKind.START;
    }
    return check.getFilterDefaultFail() ? PingKind.FAIL : PingKind.IGNORED;
  }

  private static boolean anyKeyword(String text, String keywords) {
    if (text == null) {
      return false;
    }
    String haystack = text.toLowerCase(Locale.ROOT);
    for (String keyword : keywords.split(",")) {
      String k = keyword.strip().toLowerCase(Locale.ROOT);
      if (!k.isEmpty() && haystack.contains(k)) {
        return true;
      }
    }
    return false;
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

  /**
   * A ping at {@code at}, after the deadlines passed by then. A paused check with {@code manual_resume}
   * logs it as ignored. A finish clears the last duration unless it closes the open run. A failure
   * takes the check down once it makes {@code failure_threshold} in a row; a success clears the count.
   */
  public Outcome onPing(CheckState current, Ping ping, long at) {
    CheckState s = current == null ? fresh(ping.getCheckUuid()) : CheckState.newBuilder(current).build();
    Events events = new Events(s);
    passDeadlines(events, at);
    s.setNPings(s.getNPings() + 1);
    PingKind kind = ping.getKind();
    if (s.getStatus() == CheckStatus.PAUSED && s.getDefinition() != null && s.getDefinition().getManualResume()) {
      kind = PingKind.IGNORED;
    }
    Ping logged = kind == ping.getKind() ? ping : Ping.newBuilder(ping).setKind(kind).build();
    if (kind == PingKind.IGNORED || kind == PingKind.LOG || kind == PingKind.UNKNOWN) {
      return events.done(logged);
    }
    if (kind == PingKind.START) {
      s.setLastStart(at);
      s.setLastStartRid(ping.getRid());
      return events.done(logged);
    }
    s.setLastDurationMillis(null);
    if (endsRun(s.getLastStart(), s.getLastStartRid(), ping)) {
      s.setLastDurationMillis(at - s.getLastStart());
      s.setLastStart(null);
      s.setLastStartRid(null);
    }
    s.setLastPing(at);
    s.setPeriodStart(null);
    if (kind == PingKind.FAIL) {
      failed(events, FlipReason.FAIL, at);
    } else {
      succeeded(events, at);
    }
    return events.done(logged);
  }

  private void succeeded(Events events, long at) {
    CheckState s = events.state;
    s.setFailures(0);
    if (s.getStatus() == CheckStatus.UP) {
      return;
    }
    CheckStatus from = s.getStatus();
    events.flip(CheckStatus.UP, FlipReason.PING, at, 0);
    if (from == CheckStatus.DOWN) {
      events.alert(AlertStatus.UP, from, FlipReason.PING, at, 0);
    }
    s.setDownSince(null);
    s.setDownReason(null);
    s.setNextAlertAt(null);
  }

  /** One more failure in a row: down once there are {@code failure_threshold} of them. */
  private void failed(Events events, FlipReason reason, long at) {
    CheckState s = events.state;
    if (s.getStatus() == CheckStatus.DOWN) {
      return;
    }
    s.setFailures(s.getFailures() + 1);
    if (s.getFailures() >= failureThreshold(s.getDefinition())) {
      goDown(events, reason, at);
    }
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
        events.alert(AlertStatus.DOWN, CheckStatus.DOWN, reason, s.getNextAlertAt(), 0);
        long next = s.getNextAlertAt();
        while (next <= at) {
          next += every;
        }
        s.setNextAlertAt(next);
      }
      return;
    }
    if (s.getStatus() == CheckStatus.PAUSED) {
      if (s.getPausedUntil() != null && at >= s.getPausedUntil()) {
        resumeAt(events, s.getPausedUntil());
      }
      return;
    }
    Long downAt = downAt(s, s.getDefinition());
    if (downAt != null && at >= downAt) {
      missed(events, downAt);
    }
  }

  /**
   * A run overran or a period's ping did not come. Below the failure threshold the check carries on:
   * the run is over, or the next period starts at the time the missed ping was expected.
   */
  private void missed(Events events, long at) {
    CheckState s = events.state;
    Long runEnd = runEndsAt(s, s.getDefinition());
    boolean overran = runEnd != null && runEnd <= at;
    Long expected = overran ? null : expectedAt(s, s.getDefinition());
    failed(events, FlipReason.TIMEOUT, at);
    if (s.getStatus() == CheckStatus.DOWN) {
      return;
    }
    if (overran) {
      s.setLastStart(null);
      s.setLastStartRid(null);
    } else {
      s.setPeriodStart(expected);
    }
  }

  /**
   * The status the API reports at {@code now}, with the definition the caller holds. {@code started}
   * only when {@code withStarted}: healthchecks reports it in API v1 alone.
   */
  public static Status statusAt(CheckState state, CheckDefinition definition, long now, boolean withStarted) {
    if (state == null) {
      return Status.NEW;
    }
    switch (state.getStatus()) {
      case PAUSED:
        return state.getPausedUntil() != null && now >= state.getPausedUntil() ? Status.NEW : Status.PAUSED;
      case DOWN:
        return Status.DOWN;
      default:
        break;
    }
    Long downAt = downAt(state, definition);
    if (downAt != null && now >= downAt) {
      return Status.DOWN;
    }
    if (withStarted && state.getLastStart() != null) {
      return Status.STARTED;
    }
    if (state.getStatus() == CheckStatus.NEW) {
      return Status.NEW;
    }
    Long expected = expectedAt(state, definition);
    return expected != null && now >= expected ? Status.GRACE : Status.UP;
  }

  /**
   * healthchecks' {@code next_ping}: when the period's ping is expected, or the start of the open run
   * when that is sooner; none while down, paused or new and idle.
   */
  public static Long nextPing(CheckState state, CheckDefinition definition, long now) {
    if (state == null || state.getStatus() == CheckStatus.PAUSED
        || statusAt(state, definition, now, false) == Status.DOWN) {
      return null;
    }
    Long expected = state.getStatus() == CheckStatus.UP ? expectedAt(state, definition) : null;
    return sooner(expected, state.getLastStart());
  }

  /**
   * When this state goes down unless a ping comes first: the period's expected time plus grace, or
   * the start of an open run plus max runtime, whichever is sooner, moved past any maintenance window
   * it falls in. Null when nothing can make it go down.
   */
  static Long downAt(CheckState s, CheckDefinition d) {
    if (d == null || s.getStatus() == CheckStatus.PAUSED || s.getStatus() == CheckStatus.DOWN) {
      return null;
    }
    Long byRun = runEndsAt(s, d);
    Long expected = expectedAt(s, d);
    Long bySchedule = expected == null ? null : expected + graceMillis(d);
    Long due = sooner(byRun, bySchedule);
    return due == null ? null : MaintenanceWindows.outside(d.getMaintenance(), due);
  }

  /** The deadline the index must hold: when it goes down, when to alert again, or when a pause ends. */
  static Long deadlineOf(CheckState s) {
    if (s.getStatus() == CheckStatus.DOWN) {
      return s.getNextAlertAt();
    }
    if (s.getStatus() == CheckStatus.PAUSED) {
      return s.getPausedUntil();
    }
    return downAt(s, s.getDefinition());
  }

  private static Long sooner(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Long.valueOf(Math.min(a, b));
  }

  private static Long runEndsAt(CheckState s, CheckDefinition d) {
    return d == null || s.getLastStart() == null ? null : s.getLastStart() + maxRuntimeMillis(d);
  }

  /**
   * When the period's ping is expected: after the last ping, or after the ping last missed below the
   * threshold. A new check has no period until a ping (a failure below the threshold too) started one.
   */
  static Long expectedAt(CheckState s, CheckDefinition d) {
    if (s.getStatus() != CheckStatus.UP && !(s.getStatus() == CheckStatus.NEW && s.getFailures() > 0)) {
      return null;
    }
    Long from = s.getPeriodStart() != null ? s.getPeriodStart() : s.getLastPing();
    return expectedAfter(d, from);
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

  static int failureThreshold(CheckDefinition d) {
    return d == null ? 1 : Math.max(1, d.getFailureThreshold());
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
    // Counted only under a threshold, so that a log written before thresholds existed replays to the same flips.
    int failures = failureThreshold(s.getDefinition()) > 1 ? s.getFailures() : 0;
    events.flip(CheckStatus.DOWN, reason, at, failures);
    events.alert(AlertStatus.DOWN, from, reason, at, failures);
    s.setDownSince(at);
    s.setDownReason(reason);
    s.setFailures(0);
    s.setPeriodStart(null);
    Long every = s.getDefinition() == null ? null : realertEveryMillis(s.getDefinition());
    s.setNextAlertAt(every == null ? null : at + every);
  }

  /**
   * The pause command given at {@code command}, applied at {@code at}; the command's time is its
   * identity. With {@code until}, the pause ends by itself then (or at once, if the monitor applies the
   * command later than that).
   */
  private static void pause(Events events, long command, Long until, long at) {
    CheckState s = events.state;
    if (s.getStatus() != CheckStatus.PAUSED) {
      events.flip(CheckStatus.PAUSED, FlipReason.PAUSE, at, 0);
    }
    s.setLastStart(null);
    s.setLastStartRid(null);
    s.setDownSince(null);
    s.setDownReason(null);
    s.setNextAlertAt(null);
    s.setFailures(0);
    s.setPeriodStart(null);
    s.setPausedUntil(until == null ? null : Math.max(until, at));
    s.setHandledPausedAt(command);
  }

  /** As in healthchecks: a resumed check starts over as new, waiting for its first ping. */
  private static void resume(Events events, long command, long at) {
    resumeAt(events, at);
    events.state.setHandledResumedAt(command);
  }

  private static void resumeAt(Events events, long at) {
    CheckState s = events.state;
    if (s.getStatus() == CheckStatus.PAUSED) {
      events.flip(CheckStatus.NEW, FlipReason.RESUME, at, 0);
      s.setLastPing(null);
      s.setLastStart(null);
      s.setLastStartRid(null);
    }
  }

  /** Collects what one rule emits while it changes the state. */
  private final class Events {
    private final CheckState state;
    private final List<Flip> flips = new ArrayList<>(1);
    private final List<Alert> alerts = new ArrayList<>(1);

    Events(CheckState state) {
      this.state = state;
    }

    void flip(CheckStatus to, FlipReason reason, long at, int failures) {
      flips.add(Flip.newBuilder().setCheckUuid(state.getUuid()).setFrom(state.getStatus()).setTo(to)
          .setReason(reason).setAt(Instant.ofEpochMilli(at)).setFailures(failures).build());
      if (state.getStatus() == CheckStatus.PAUSED) {
        state.setPausedUntil(null);
      }
      state.setStatus(to);
      state.setNFlips(state.getNFlips() + 1);
    }

    void alert(AlertStatus status, CheckStatus previous, FlipReason reason, long at, int failures) {
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
          .setFailures(failures)
          .build());
    }

    Outcome done() {
      return done(null);
    }

    Outcome done(Ping logged) {
      state.setDeadline(deadlineOf(state));
      return new Outcome(state, List.copyOf(flips), List.copyOf(alerts), logged);
    }
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  public static boolean sameDeadline(CheckState s, long deadline) {
    return s != null && Objects.equals(s.getDeadline(), deadline);
  }
}
