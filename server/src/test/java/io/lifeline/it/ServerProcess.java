package io.lifeline.it;

import io.lifeline.server.Lifeline;
import io.lifeline.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Lifeline server in its own JVM, so that a test can kill it with SIGKILL the way a crash would.
 * Arguments are its environment, {@code NAME=value} each; it prints {@value #READY} once ready.
 */
public final class ServerProcess {

  static final String READY = "LIFELINE-SERVER-READY";

  private ServerProcess() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      env.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Lifeline lifeline = Lifeline.start(ServerConfig.fromEnv(env), e -> System.exit(1));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!lifeline.readiness().status().ready()) {
      if (System.nanoTime() > deadline) {
        System.exit(1);
      }
      Thread.sleep(50);
    }
    System.out.println(READY);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Starts one and waits, bounded, until it is ready. */
  public static Process start(Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName()));
    env.forEach((k, v) -> command.add(k + "=" + v));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.contains(READY)) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      }
    }, "server-process-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server process was not ready within 90 s");
    }
    return process;
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  public static void kill(Process process) throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
