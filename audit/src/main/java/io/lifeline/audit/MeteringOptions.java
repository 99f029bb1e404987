package io.lifeline.audit;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The metering settings a replay must share with the servers, each defaulting to the servers' variable. */
final class MeteringOptions {

  @Option(names = "--window", paramLabel = "DURATION",
      description = "METERING_WINDOW of the servers (default: that variable, else PT1H)")
  Duration window;

  @Option(names = "--grace", paramLabel = "DURATION",
      description = "METERING_GRACE of the servers (default: that variable, else PT5M)")
  Duration grace;

  @Option(names = "--dedup-retention", paramLabel = "DURATION",
      description = "DEDUP_RETENTION of the servers (default: that variable, else P7D)")
  Duration dedupRetention;

  AuditSettings settings() {
    return AuditSettings.fromEnv(System.getenv()).with(window, grace, dedupRetention, null);
  }
}
