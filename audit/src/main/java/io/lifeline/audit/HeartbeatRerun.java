package io.lifeline.audit;

import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.LogProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The heartbeat monitor run again over {@code heartbeat.checks} and {@code heartbeat.pings}: the real
 * topology of {@link HeartbeatMonitorApp#buildTopology}, one task per partition pair merged by
 * timestamp, the clock driven by the records' timestamps.
 */
final class HeartbeatRerun {

  /** What the replay derived, and the checks partitions that compaction has thinned (their past may differ). */
  record Outcome(List<Flip> flips, List<Alert> alerts, Set<TopicPartition> compacted) {}

  private final Logs logs;
  private final AuditSettings settings;
  private final String check;

  /** {@code check} null replays every check; otherwise only that one (each check is independent). */
  HeartbeatRerun(Logs logs, AuditSettings settings, String check) {
    this.logs = logs;
    this.settings = settings;
    this.check = check;
  }

  Outcome run(Map<TopicPartition, Long> ends, long asOf, int threads, Progress progress) {
    List<String> inputs = HeartbeatMonitorApp.INPUTS;
    int partitions = (int) ends.keySet().stream().filter(p -> p.topic().equals(inputs.get(0))).count();
    Set<TopicPartition> compacted = ConcurrentHashMap.newKeySet();
    List<Outcome> perTask = Tasks.run(partitions, threads, partition -> {
      List<TopicPartition> task = inputs.stream().map(t -> new TopicPartition(t, partition)).toList();
      long[] expected = new long[1];
      Topology monitor = HeartbeatMonitorApp.buildTopology(settings.monitor(), new SimpleMeterRegistry(),
          new AppliedVersions(), LogProgress.SYNCHRONOUS);
      try (TaskDriver driver = new TaskDriver(monitor, inputs, settings.scanInterval())) {
        new TaskInputs(logs, task, ends).forEach(r -> {
          if (r.topic().equals(Topics.HEARTBEAT_CHECKS.name())) {
            if (r.offset() != expected[0]) {
              compacted.add(new TopicPartition(r.topic(), r.partition()));
            }
            expected[0] = r.offset() + 1;
          }
          if (r.timestamp() <= asOf && ofCheck(r.key())) {
            driver.pipe(r);
          }
        }, progress);
        driver.finish(asOf, (d, upTo) ->
            HeartbeatMonitorApp.deadlineDue(d.getKeyValueStore(StoreNames.CHECK_DEADLINES), upTo));
        return new Outcome(driver.output(Topics.HEARTBEAT_FLIPS).stream().map(TestRecord::value).toList(),
            driver.output(Topics.HEARTBEAT_ALERTS).stream().map(TestRecord::value).toList(), Set.of());
      }
    });
    List<Flip> flips = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    perTask.forEach(o -> {
      flips.addAll(o.flips());
      alerts.addAll(o.alerts());
    });
    return new Outcome(flips, alerts, Set.copyOf(compacted));
  }

  private boolean ofCheck(byte[] key) {
    return check == null || (key != null && new String(key, StandardCharsets.UTF_8).equals(check));
  }
}
