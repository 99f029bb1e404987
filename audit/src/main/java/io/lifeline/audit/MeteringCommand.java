package io.lifeline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.metering.MeteringWindows;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "metering", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Re-derives every FINAL and CORRECTION batch from the raw metering.pulses log through the usage "
            + "meter's own topology, the records' timestamps driving its clock, and compares them with "
            + "metering.batches: batch ids, kinds, totals to the last digit, counts, windows and pulse times. "
            + "The pulses it finds late are compared with metering.pulses.late. Nothing is written to Kafka.",
        "Exit status: 0 no differences, 1 differences, 2 bad usage, 3 the replay could not run."})
final class MeteringCommand implements Callable<Integer> {

  @Mixin ReplayOptions options;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "only this tenant's series")
  String tenant;

  @Option(names = "--from", paramLabel = "TIME", converter = ReplayOptions.Time.class,
      description = "only windows starting at or after TIME (an instant, or a UTC day such as 2026-03-01)")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", converter = ReplayOptions.Time.class,
      description = "only windows starting before TIME")
  Instant to;

  @Mixin MeteringOptions metering;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AuditSettings settings = metering.settings();
    Logs logs = new Logs(options.bootstrap);
    Replayed replayed = replay(logs, settings, tenant, options);

    Report report = new Report("metering");
    replayed.describe(report, "metering.pulses");
    report.line(String.format(Locale.ROOT, "settings: window %s, grace %s, dedup retention %s%s%s%s", settings.window(),
        settings.grace(), settings.dedupRetention(), tenant == null ? "" : "; tenant " + tenant,
        from == null ? "" : "; windows from " + from, to == null ? "" : "; windows before " + to));
    report.set("settings", Report.object("window", settings.window(), "grace", settings.grace(),
        "dedupRetention", settings.dedupRetention(), "tenant", tenant, "from", from, "to", to));

    MeteringWindows windows = new MeteringWindows(settings.window(), settings.grace(), settings.dedupRetention());
    Map<String, List<JsonNode>> emittedBatches = Comparison.byKey();
    Map<String, List<JsonNode>> derivedBatches = Comparison.byKey();
    for (Outputs.Emitted<UsageBatch> b : Outputs.read(logs, Topics.METERING_BATCHES)) {
      if (compared(b.value(), settings, replayed.asOf())) {
        Comparison.put(emittedBatches, b.value().getBatchId(), Outputs.content(b.value()));
      }
    }
    for (UsageBatch b : replayed.metering().batches()) {
      if (compared(b, settings, replayed.asOf())) {
        Comparison.put(derivedBatches, b.getBatchId(), Outputs.content(b));
      }
    }
    Map<String, List<JsonNode>> emittedLate = Comparison.byKey();
    Map<String, List<JsonNode>> derivedLate = Comparison.byKey();
    for (Outputs.Emitted<Pulse> p : Outputs.read(logs, Topics.METERING_PULSES_LATE)) {
      if (p.timestamp() <= replayed.asOf() && compared(p.value(), windows)) {
        Comparison.put(emittedLate, Outputs.lateKey(p.value()), Outputs.content(p.value()));
      }
    }
    replayed.metering().late().forEach(p -> {
      if (compared(p.value(), windows)) {
        Comparison.put(derivedLate, Outputs.lateKey(p.value()), Outputs.content(p.value()));
      }
    });

    long windowsCompared = java.util.stream.Stream.concat(emittedBatches.values().stream(),
        derivedBatches.values().stream()).flatMap(List::stream)
        .map(b -> b.get("tenant").asText() + '|' + b.get("sku").asText() + '|' + b.get("unit").asText() + '|'
            + b.get("windowStart").asText()).distinct().count();
    report.number("windows", windowsCompared);
    report.line(String.format(Locale.ROOT, "windows compared: %,d (%,d FINAL and %,d CORRECTION batches re-derived)",
        windowsCompared, count(derivedBatches, BatchKind.FINAL), count(derivedBatches, BatchKind.CORRECTION)));
    Comparison comparison = new Comparison();
    comparison.compare("batches", emittedBatches, derivedBatches);
    comparison.compare("late pulses", emittedLate, derivedLate);
    boolean same = report.comparison(comparison);
    report.print(spec.commandLine().getOut());
    report.write(options.json);
    return same ? 0 : 1;
  }

  /** Reads the inputs up to their ends now and runs the meter over them, for this command and {@code invoice}. */
  static Replayed replay(Logs logs, AuditSettings settings, String tenant, ReplayOptions options) {
    List<TopicPartition> inputs = logs.partitions(UsageMeterApp.INPUTS);
    long began = System.currentTimeMillis();
    Map<TopicPartition, Long> ends = logs.ends(inputs);
    long asOf = began - options.settle.toMillis();
    try (Progress progress = new Progress("metering.pulses", logs.count(inputs, ends), System.err,
        !options.noProgress)) {
      MeteringRerun.Outcome outcome = new MeteringRerun(logs, settings, tenant).run(ends, asOf, options.threads(),
          progress);
      return new Replayed(asOf, inputs.size(), progress.read(), progress.seconds(), outcome, null);
    }
  }

  private boolean compared(UsageBatch b, AuditSettings settings, long asOf) {
    return (tenant == null || b.getTenant().equals(tenant)) && inWindowRange(b.getWindowStart())
        && Outputs.dueAt(b, settings.grace()) <= asOf;
  }

  private boolean compared(Pulse p, MeteringWindows windows) {
    return (tenant == null || p.getTenant().equals(tenant))
        && inWindowRange(Instant.ofEpochMilli(windows.startOf(p.getOccurredAt().toEpochMilli())));
  }

  private boolean inWindowRange(Instant windowStart) {
    return (from == null || !windowStart.isBefore(from)) && (to == null || windowStart.isBefore(to));
  }

  private static long count(Map<String, List<JsonNode>> batches, BatchKind kind) {
    return batches.values().stream().flatMap(List::stream).filter(b -> b.get("kind").asText().equals(kind.name()))
        .count();
  }
}
