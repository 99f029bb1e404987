package io.lifeline.it.delivery;

import io.lifeline.server.LifelineServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link LifelineServer} in a JVM of its own, configured by environment variables like the real one,
 * so that a test can kill it with SIGKILL the way a crash would. It counts as started once its output
 * shows {@code ready}.
 */
final class ServerProcess {

  private final Process process;

  private ServerProcess(Process process) {
    this.process = process;
  }

  static ServerProcess start(Map<String, String> env, String ready) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        LifelineServer.class.getName()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    CountDownLatch started = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.contains(ready)) {
            started.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      }
    }, "server-process-output");
    reader.setDaemon(true);
    reader.start();
    if (!started.await(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server process did not log '" + ready + "' within 60 s");
    }
    return new ServerProcess(process);
  }

  /** SIGKILL: nothing runs after it, no shutdown hook, no last commit. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM: the shutdown hook stops the senders after their last commit. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
