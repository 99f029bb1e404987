package io.lifeline.audit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scripts/replay}: the audit of DESIGN.md section 12. Each subcommand reads raw input logs with
 * {@code read_committed}, runs them through the same topology the servers run, under its own
 * in-memory driver (nothing is written to Kafka), and compares the outcome with what was emitted.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    subcommands = {MeteringCommand.class, HeartbeatCommand.class, InvoiceCommand.class},
    exitCodeOnExecutionException = 3,
    description = {"Re-derives Lifeline's outputs from its raw logs and compares them with what was emitted.",
        "Run 'replay <command> --help' for each command's options. Settings default to the servers' "
            + "environment variables (METERING_WINDOW, METERING_GRACE, DEDUP_RETENTION, PUBLIC_BASE_URL, "
            + "KAFKA_BOOTSTRAP_SERVERS)."})
public final class Replay implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line, as the script does, and returns its exit status. */
  public static int run(String... args) {
    return new CommandLine(new Replay()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: metering, heartbeat or invoice");
  }
}
