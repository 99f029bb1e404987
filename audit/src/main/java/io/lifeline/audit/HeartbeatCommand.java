package io.lifeline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Topics;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "heartbeat", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Re-derives every flip and alert from the raw heartbeat.checks and heartbeat.pings logs through the "
            + "monitor's own topology, the records' timestamps driving its clock, and compares them with "
            + "heartbeat.flips and heartbeat.alerts, field by field. Nothing is written to Kafka.",
        "Exit status: 0 no differences, 1 differences, 2 bad usage, 3 the replay could not run."})
final class HeartbeatCommand implements Callable<Integer> {

  @Mixin ReplayOptions options;

  @Option(names = "--check", paramLabel = "UUID", description = "only this check")
  String check;

  @Option(names = "--from", paramLabel = "TIME", converter = ReplayOptions.Time.class,
      description = "only flips and alerts at or after TIME (an instant, or a UTC day such as 2026-03-01)")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", converter = ReplayOptions.Time.class,
      description = "only flips and alerts before TIME")
  Instant to;

  @Option(names = "--public-base-url", paramLabel = "URL",
      description = "PUBLIC_BASE_URL of the servers, which alerts carry "
          + "(default: that variable, else http://localhost:HTTP_PORT)")
  String publicBaseUrl;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AuditSettings settings = AuditSettings.fromEnv(System.getenv()).with(null, null, null, publicBaseUrl);
    Logs logs = new Logs(options.bootstrap);
    List<TopicPartition> inputs = logs.partitions(HeartbeatMonitorApp.INPUTS);
    long began = System.currentTimeMillis();
    Map<TopicPartition, Long> ends = logs.ends(inputs);
    long asOf = began - options.settle.toMillis();
    Replayed replayed;
    try (Progress progress = new Progress("heartbeat.checks + heartbeat.pings", logs.count(inputs, ends), System.err,
        !options.noProgress)) {
      HeartbeatRerun.Outcome outcome = new HeartbeatRerun(logs, settings, check).run(ends, asOf, options.threads(),
          progress);
      replayed = new Replayed(asOf, inputs.size() / 2, progress.read(), progress.seconds(), null, outcome);
    }

    Report report = new Report("heartbeat");
    replayed.describe(report, "heartbeat.checks and heartbeat.pings");
    report.line("settings: public base URL " + settings.publicBaseUrl() + (check == null ? "" : "; check " + check)
        + (from == null ? "" : "; from " + from) + (to == null ? "" : "; before " + to));
    report.set("settings", Report.object("publicBaseUrl", settings.publicBaseUrl(), "check", check, "from", from,
        "to", to));
    for (TopicPartition p : replayed.heartbeat().compacted()) {
      report.line("warning: " + p + " has been compacted: definitions it replaced are gone, so flips before its "
          + "newest records may differ");
    }

    Map<String, List<JsonNode>> emittedFlips = Comparison.byKey();
    Map<String, List<JsonNode>> derivedFlips = Comparison.byKey();
    Outputs.read(logs, Topics.HEARTBEAT_FLIPS).stream().map(Outputs.Emitted::value)
        .filter(f -> compared(f.getCheckUuid(), f.getAt(), asOf))
        .forEach(f -> Comparison.put(emittedFlips, Outputs.flipKey(f), Outputs.content(f)));
    replayed.heartbeat().flips().stream().filter(f -> compared(f.getCheckUuid(), f.getAt(), asOf))
        .forEach(f -> Comparison.put(derivedFlips, Outputs.flipKey(f), Outputs.content(f)));
    Map<String, List<JsonNode>> emittedAlerts = Comparison.byKey();
    Map<String, List<JsonNode>> derivedAlerts = Comparison.byKey();
    Set<String> emittedWithoutBody = new HashSet<>();
    Outputs.read(logs, Topics.HEARTBEAT_ALERTS).stream().map(Outputs.Emitted::value)
        .filter(a -> compared(a.getCheckUuid(), a.getAt(), asOf))
        .forEach(a -> {
          if (a.getBody() == null) {
            emittedWithoutBody.add(a.getAlertId());
          }
          Comparison.put(emittedAlerts, a.getAlertId(),
              a.getBody() == null ? Outputs.contentWithoutBody(a) : Outputs.content(a));
        });
    // A log written before alerts carried a body re-derives alerts that have one: that alone is no difference.
    replayed.heartbeat().alerts().stream().filter(a -> compared(a.getCheckUuid(), a.getAt(), asOf))
        .forEach(a -> Comparison.put(derivedAlerts, a.getAlertId(), emittedWithoutBody.contains(a.getAlertId())
            ? Outputs.contentWithoutBody(a) : Outputs.content(a)));

    long checks = replayed.heartbeat().flips().stream().map(Flip::getCheckUuid).distinct().count();
    report.number("checks", checks);
    report.line(String.format(Locale.ROOT, "checks with flips re-derived: %,d", checks));
    Comparison comparison = new Comparison();
    comparison.compare("flips", emittedFlips, derivedFlips);
    comparison.compare("alerts", emittedAlerts, derivedAlerts);
    boolean same = report.comparison(comparison);
    report.print(spec.commandLine().getOut());
    report.write(options.json);
    return same ? 0 : 1;
  }

  private boolean compared(String uuid, Instant at, long asOf) {
    return (check == null || check.equals(uuid)) && at.toEpochMilli() <= asOf
        && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
  }
}
