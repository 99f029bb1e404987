package io.lifeline.audit;

import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.streams.LogProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The usage meter run again over {@code metering.pulses}: the real topology of
 * {@link UsageMeterApp#buildTopology}, one task per partition, the clock driven by the records'
 * timestamps. What it emits is what the live meter should have emitted.
 */
final class MeteringRerun {

  /** What the replay derived: the batches and the pulses it found late, each with its record time. */
  record Outcome(List<UsageBatch> batches, List<TestRecord<String, Pulse>> late) {}

  private final Logs logs;
  private final AuditSettings settings;
  private final String tenant;

  /** {@code tenant} null replays every series; otherwise only that tenant's (each series is independent). */
  MeteringRerun(Logs logs, AuditSettings settings, String tenant) {
    this.logs = logs;
    this.settings = settings;
    this.tenant = tenant;
  }

  Outcome run(Map<TopicPartition, Long> ends, long asOf, int threads, Progress progress) {
    List<String> inputs = UsageMeterApp.INPUTS;
    int partitions = (int) ends.keySet().stream().filter(p -> p.topic().equals(inputs.get(0))).count();
    List<Outcome> perTask = Tasks.run(partitions, threads, partition -> {
      List<TopicPartition> task = inputs.stream().map(t -> new TopicPartition(t, partition)).toList();
      try (TaskDriver driver = new TaskDriver(
          UsageMeterApp.buildTopology(settings.metering(), new SimpleMeterRegistry(), LogProgress.SYNCHRONOUS),
          inputs, settings.scanInterval())) {
        new TaskInputs(logs, task, ends).forEach(r -> {
          if (r.timestamp() <= asOf && ofTenant(r.key())) {
            driver.pipe(r);
          }
        }, progress);
        driver.finish(asOf, (d, upTo) ->
            UsageMeterApp.workDue(d.getKeyValueStore(StoreNames.METERING_DEADLINES), upTo));
        return new Outcome(driver.output(Topics.METERING_BATCHES).stream().map(TestRecord::value).toList(),
            driver.output(Topics.METERING_PULSES_LATE));
      }
    });
    List<UsageBatch> batches = new ArrayList<>();
    List<TestRecord<String, Pulse>> late = new ArrayList<>();
    perTask.forEach(o -> {
      batches.addAll(o.batches());
      late.addAll(o.late());
    });
    return new Outcome(batches, late);
  }

  private boolean ofTenant(byte[] key) {
    return tenant == null || (key != null && new String(key, StandardCharsets.UTF_8).startsWith(tenant + '|'));
  }
}
