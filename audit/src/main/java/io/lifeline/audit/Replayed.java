package io.lifeline.audit;

import java.time.Instant;
import java.util.Locale;

/** What a replay read and derived, and the time up to which its outputs are compared. */
record Replayed(long asOf, int partitions, long records, double seconds, MeteringRerun.Outcome metering,
    HeartbeatRerun.Outcome heartbeat) {

  void describe(Report report, String inputs) {
    report.number("records", records);
    report.number("partitions", partitions);
    report.set("asOf", Report.text(Instant.ofEpochMilli(asOf).toString()));
    report.set("seconds", Report.decimal(seconds));
    report.line(String.format(Locale.ROOT, "replayed %,d records of %s (%d partitions) in %.1f s (%,.0f records/s)",
        records, inputs, partitions, seconds, seconds <= 0 ? 0 : records / seconds));
    report.line("as of " + Instant.ofEpochMilli(asOf) + ": outputs due later are not compared");
  }
}
