package io.lifeline.heartbeat.monitor;

import io.lifeline.heartbeat.CheckRules;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.LogProgress;
import io.lifeline.streams.Watermark;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one processor of the heartbeat monitor. Definitions and pings of a check arrive on the same
 * task (co-partitioned by uuid); {@link CheckRules} decides, at each record's timestamp, this class
 * stores the outcome, keeps the deadline index and the histories in step, and emits flips and alerts.
 * A wall-clock punctuator handles the due prefix of the deadline index, but only up to the task's
 * {@link Watermark}: a deadline is applied by the clock only once every ping received before it has
 * been read, so after a restart the backlog comes first and a ping acked in time never yields a DOWN.
 */
final class MonitorProcessor implements Processor<String, MonitorEvent, String, SpecificRecord> {

  /** Bounds one scan so a burst of deadlines cannot stall the task; the rest are due on the next scan. */
  static final int MAX_DUE_PER_SCAN = 20_000;

  private final CheckRules rules;
  private final Duration interval;
  private final MonitorMetrics metrics;
  private final AppliedVersions applied;
  private final LogProgress progress;
  private final CheckHistory<Ping> pings = new CheckHistory<>(Ping.class);
  private final CheckHistory<Flip> flipHistory = new CheckHistory<>(Flip.class);

  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, CheckState> states;
  private KeyValueStore<Bytes, byte[]> pingStore;
  private KeyValueStore<Bytes, byte[]> flipStore;
  private DeadlineIndex deadlines;
  private Watermark watermark;
  private long[] counts;
  private String taskId;

  MonitorProcessor(CheckRules rules, Duration interval, MonitorMetrics metrics, AppliedVersions applied,
      LogProgress progress) {
    this.rules = rules;
    this.interval = interval;
    this.metrics = metrics;
    this.applied = applied;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.states = context.getStateStore(StoreNames.CHECK_STATES);
    this.pingStore = context.getStateStore(StoreNames.PING_HISTORY);
    this.flipStore = context.getStateStore(StoreNames.FLIP_HISTORY);
    this.deadlines = new DeadlineIndex(context.getStateStore(StoreNames.CHECK_DEADLINES));
    this.taskId = context.taskId().toString();
    this.watermark = new Watermark(progress, HeartbeatMonitorApp.INPUTS, context.taskId().partition());
    this.counts = metrics.task(taskId);
    java.util.Arrays.fill(counts, 0);
    try (KeyValueIterator<String, CheckState> all = states.all()) {
      all.forEachRemaining(kv -> counts[kv.value.getStatus().ordinal()]++);
    }
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::scan);
  }

  @Override
  public void process(Record<String, MonitorEvent> record) {
    watermark.advance(context.recordMetadata(), record.timestamp());
    String uuid = record.key();
    if (uuid == null) {
      return;
    }
    CheckState current = states.get(uuid);
    if (record.value() instanceof MonitorEvent.DefinitionChanged changed) {
      if (changed.definition() == null) {
        delete(uuid, current);
        applied.applied(uuid, AppliedVersions.DELETED);
      } else {
        CheckRules.Outcome outcome = rules.onDefinition(current, changed.definition(), record.timestamp());
        List<Alert> alerts = AlertBodies.ofDeadline(outcome.alerts(), () -> pings.newest(pingStore, uuid));
        apply(uuid, current, withAlerts(outcome, alerts), record.headers());
        applied.applied(uuid, HeartbeatMonitorApp.versionOf(outcome.state()));
      }
    } else if (record.value() instanceof MonitorEvent.PingReceived received) {
      CheckRules.Outcome outcome = rules.onPing(current, received.ping(), record.timestamp());
      List<Alert> alerts = AlertBodies.ofPing(outcome.alerts(), received.ping(), record.timestamp(),
          () -> pings.newest(pingStore, uuid));
      pings.append(pingStore, uuid, outcome.state().getNPings(), outcome.logged());
      apply(uuid, current, withAlerts(outcome, alerts), record.headers());
    }
  }

  private void scan(long now) {
    long started = System.nanoTime();
    List<KeyValue<Long, String>> due = deadlines.due(now, MAX_DUE_PER_SCAN);
    long upTo = due.isEmpty() ? Long.MIN_VALUE : watermark.upTo(now, due.get(due.size() - 1).key);
    for (KeyValue<Long, String> entry : due) {
      if (entry.key > upTo) {
        break;
      }
      CheckState current = states.get(entry.value);
      if (!CheckRules.sameDeadline(current, entry.key)) {
        deadlines.remove(entry.key, entry.value);
        continue;
      }
      CheckRules.Outcome outcome = rules.onDeadline(current, entry.key);
      List<Alert> alerts = AlertBodies.ofDeadline(outcome.alerts(), () -> pings.newest(pingStore, entry.value));
      apply(entry.value, current, withAlerts(outcome, alerts), new RecordHeaders());
    }
    if (!due.isEmpty()) {
      deadlines.settle();
    }
    metrics.scanned(System.nanoTime() - started, due.size());
  }

  private static CheckRules.Outcome withAlerts(CheckRules.Outcome outcome, List<Alert> alerts) {
    return new CheckRules.Outcome(outcome.state(), outcome.flips(), alerts, outcome.logged());
  }

  private void apply(String uuid, CheckState before, CheckRules.Outcome outcome, Headers headers) {
    CheckState after = outcome.state();
    states.put(uuid, after);
    deadlines.move(uuid, before == null ? null : before.getDeadline(), after.getDeadline());
    if (before != null) {
      counts[before.getStatus().ordinal()]--;
    }
    counts[after.getStatus().ordinal()]++;
    long n = after.getNFlips() - outcome.flips().size();
    for (Flip flip : outcome.flips()) {
      flipHistory.append(flipStore, uuid, ++n, flip);
      metrics.flip(flip.getTo());
      context.forward(new Record<String, SpecificRecord>(uuid, flip, flip.getAt().toEpochMilli(), headers));
    }
    for (Alert alert : outcome.alerts()) {
      metrics.alert(alert.getStatus());
      context.forward(new Record<String, SpecificRecord>(uuid, alert, alert.getAt().toEpochMilli(), headers));
    }
  }

  private void delete(String uuid, CheckState current) {
    if (current == null) {
      return;
    }
    if (current.getDeadline() != null) {
      deadlines.remove(current.getDeadline(), uuid);
    }
    counts[current.getStatus().ordinal()]--;
    states.delete(uuid);
    pings.clear(pingStore, uuid);
    flipHistory.clear(flipStore, uuid);
  }

  @Override
  public void close() {
    metrics.forget(taskId);
  }
}
