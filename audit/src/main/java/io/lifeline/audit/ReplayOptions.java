package io.lifeline.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What every replay takes: where the cluster is, how far to compare, where to write the report. */
final class ReplayOptions {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description = "the cluster (default: KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "PT5S",
      description = "outputs due in this last stretch before the replay began are not compared: the live "
          + "application may not have emitted them yet (default ${DEFAULT-VALUE})")
  Duration settle;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
  Path json;

  @Option(names = "--threads", paramLabel = "N", description = "partitions replayed at once (default: one per core)")
  int threads;

  @Option(names = "--no-progress", description = "do not print progress on stderr")
  boolean noProgress;

  int threads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** An instant ({@code 2026-03-01T10:00:00Z}) or a UTC day ({@code 2026-03-01}). */
  static final class Time implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is neither an instant (2026-03-01T10:00:00Z) nor a day "
            + "(2026-03-01)");
      }
    }
  }
}
