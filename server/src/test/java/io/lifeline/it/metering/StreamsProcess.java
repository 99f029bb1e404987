package io.lifeline.it.metering;

import io.lifeline.metering.meter.MeteringSettings;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.streams.StreamsEnvironment;
import io.lifeline.streams.StreamsRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The usage meter alone in its own JVM, so that a test can kill it with SIGKILL, the way a crash
 * would. Arguments: bootstrap servers, application id, state dir, window, grace. Prints
 * {@value #RUNNING} once the app is RUNNING.
 */
public final class StreamsProcess {

  static final String RUNNING = "LIFELINE-STREAMS-RUNNING";

  private StreamsProcess() {}

  public static void main(String[] args) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MeteringSettings settings = new MeteringSettings(Duration.parse(args[3]), Duration.parse(args[4]),
        Duration.ofDays(7), Duration.ofMillis(200));
    StreamsRunner runner = new StreamsRunner(new UsageMeterApp(settings, meters),
        new StreamsEnvironment(args[0], args[1], Path.of(args[2]), null, 1, 0, meters), e -> System.exit(1));
    runner.start();
    runner.awaitRunning(Duration.ofMinutes(2));
    System.out.println(RUNNING);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
