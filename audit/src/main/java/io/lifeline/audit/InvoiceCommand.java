package io.lifeline.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "invoice", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "For one tenant and period, prints per SKU and unit the total re-derived from the raw pulses beside "
            + "the total of the batches emitted, with every contributing batch id: what an auditor attaches "
            + "to a dispute. A batch is in the period when its window starts in it.",
        "Exit status: 0 the totals agree, 1 they differ, 2 bad usage, 3 the replay could not run."})
final class InvoiceCommand implements Callable<Integer> {

  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

  @Mixin ReplayOptions options;

  @Option(names = "--tenant", paramLabel = "TENANT", required = true, description = "the tenant invoiced")
  String tenant;

  @Option(names = "--from", paramLabel = "TIME", required = true, converter = ReplayOptions.Time.class,
      description = "start of the period (an instant, or a UTC day such as 2026-03-01)")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", required = true, converter = ReplayOptions.Time.class,
      description = "end of the period, excluded")
  Instant to;

  @Mixin MeteringOptions metering;

  @Spec CommandSpec spec;

  /** One SKU and unit of the invoice: each side's batches by id. */
  private record Line(Map<String, UsageBatch> derived, Map<String, UsageBatch> emitted) {
    Line() {
      this(new TreeMap<>(), new TreeMap<>());
    }

    static BigDecimal total(Map<String, UsageBatch> batches) {
      return batches.values().stream().map(UsageBatch::getTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    boolean agrees() {
      return derived.keySet().equals(emitted.keySet()) && derived.keySet().stream()
          .allMatch(id -> Outputs.content(derived.get(id)).equals(Outputs.content(emitted.get(id))));
    }
  }

  @Override
  public Integer call() {
    if (!from.isBefore(to)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
    }
    AuditSettings settings = metering.settings();
    Logs logs = new Logs(options.bootstrap);
    Replayed replayed = MeteringCommand.replay(logs, settings, tenant, options);
    Map<String, Line> lines = new TreeMap<>();
    for (UsageBatch b : replayed.metering().batches()) {
      if (inInvoice(b, settings, replayed.asOf())) {
        lines.computeIfAbsent(b.getSku() + ' ' + b.getUnit(), k -> new Line()).derived().put(b.getBatchId(), b);
      }
    }
    for (Outputs.Emitted<UsageBatch> e : Outputs.read(logs, Topics.METERING_BATCHES)) {
      UsageBatch b = e.value();
      if (inInvoice(b, settings, replayed.asOf())) {
        Line line = lines.computeIfAbsent(b.getSku() + ' ' + b.getUnit(), k -> new Line());
        if (line.emitted().putIfAbsent(b.getBatchId(), b) != null) {
          // A second batch under one id is billed twice downstream unless it is deduplicated: show it.
          line.emitted().put(b.getBatchId() + " (again)", b);
        }
      }
    }

    Report report = new Report("invoice");
    replayed.describe(report, "metering.pulses");
    report.line("invoice of tenant " + tenant + " for windows starting in [" + from + ", " + to + ")");
    report.set("settings", Report.object("tenant", tenant, "from", from, "to", to, "window", settings.window(),
        "grace", settings.grace(), "dedupRetention", settings.dedupRetention()));
    ArrayNode json = JSON.arrayNode();
    int disagreeing = 0;
    StringBuilder text = new StringBuilder();
    int idWidth = lines.values().stream().flatMap(l -> java.util.stream.Stream.concat(l.derived().keySet().stream(),
        l.emitted().keySet().stream())).mapToInt(String::length).max().orElse(0);
    String row = "%-" + Math.max(20, idWidth - 4) + "s %-10s";
    text.append(String.format(Locale.ROOT, row + " %24s %24s%n", "sku", "unit", "re-derived", "emitted"));
    for (Map.Entry<String, Line> e : lines.entrySet()) {
      String[] skuUnit = e.getKey().split(" ");
      Line line = e.getValue();
      boolean agrees = line.agrees();
      disagreeing += agrees ? 0 : 1;
      text.append(String.format(Locale.ROOT, row + " %24s %24s  %s%n", skuUnit[0], skuUnit[1],
          Line.total(line.derived()).toPlainString(), Line.total(line.emitted()).toPlainString(),
          agrees ? "equal" : "DIFFERENT"));
      ObjectNode node = json.addObject();
      node.put("sku", skuUnit[0]).put("unit", skuUnit[1]).put("rederived", Line.total(line.derived()))
          .put("emitted", Line.total(line.emitted())).put("equal", agrees);
      ArrayNode batches = node.putArray("batches");
      TreeSet<String> ids = new TreeSet<>(line.derived().keySet());
      ids.addAll(line.emitted().keySet());
      for (String id : ids) {
        UsageBatch derived = line.derived().get(id);
        UsageBatch emitted = line.emitted().get(id);
        String mark = derived == null ? "emitted only" : emitted == null ? "not emitted"
            : Outputs.content(derived).equals(Outputs.content(emitted)) ? "" : "differs";
        text.append(String.format(Locale.ROOT, "    %-" + Math.max(27, idWidth + 7) + "s %24s %24s  %s%n", id,
            amount(derived), amount(emitted), mark));
        ObjectNode batch = batches.addObject().put("batchId", id);
        batch.set("rederived", derived == null ? null : Outputs.content(derived));
        batch.set("emitted", emitted == null ? null : Outputs.content(emitted));
      }
    }
    report.set("lines", json);
    report.line(text.toString().stripTrailing());
    report.number("differencesTotal", disagreeing);
    report.line(lines.isEmpty() ? "no batches in this period" : disagreeing == 0 ? "no differences"
        : disagreeing + " line" + (disagreeing == 1 ? "" : "s") + " differ");
    report.print(spec.commandLine().getOut());
    report.write(options.json);
    return disagreeing == 0 ? 0 : 1;
  }

  private boolean inInvoice(UsageBatch b, AuditSettings settings, long asOf) {
    return b.getTenant().equals(tenant) && !b.getWindowStart().isBefore(from) && b.getWindowStart().isBefore(to)
        && Outputs.dueAt(b, settings.grace()) <= asOf;
  }

  private static String amount(UsageBatch batch) {
    return batch == null ? "-" : Objects.toString(batch.getTotal().toPlainString());
  }
}
