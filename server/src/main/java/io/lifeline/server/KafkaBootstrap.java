package io.lifeline.server;

import io.lifeline.schemas.Topics;
import io.lifeline.streams.StreamsRunner;
import io.lifeline.streams.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Kafka without giving up: probes the cluster, creates the topics, warms the edge
 * producer and then starts the streams. While Kafka is away it says so once in a while in one line,
 * not with a stack trace per attempt.
 */
final class KafkaBootstrap implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBootstrap.class);
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration REPEAT_LOG = Duration.ofSeconds(30);

  private final ServerConfig config;
  private final Admin admin;
  private final Readiness readiness;
  private final Runnable warmProducer;
  private final List<StreamsRunner> streams;

  KafkaBootstrap(ServerConfig config, Admin admin, Readiness readiness, Runnable warmProducer,
      List<StreamsRunner> streams) {
    this.config = config;
    this.admin = admin;
    this.readiness = readiness;
    this.warmProducer = warmProducer;
    this.streams = streams;
  }

  @Override
  public void run() {
    long lastLog = 0;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        new TopicProvisioner(admin, config.topicPartitions(), config.topicReplication()).ensureTopics();
        readiness.kafka(true, "");
        warmProducer.run();
        readiness.producerConnected();
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IllegalStateException e) {
        readiness.kafka(false, e.getMessage());
        log.error("cannot use the topics: {}", e.getMessage());
        return;
      } catch (Exception e) {
        String reason = rootMessage(e);
        readiness.kafka(false, reason);
        long now = System.nanoTime();
        if (lastLog == 0 || now - lastLog > REPEAT_LOG.toNanos()) {
          log.warn("waiting for Kafka at {}: {}; retrying every {} s", config.bootstrapServers(), reason,
              RETRY.toSeconds());
          lastLog = now;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    log.info("Kafka at {} is reachable; topics ready ({})", config.bootstrapServers(), Topics.ALL);
    startAll();
  }

  /**
   * Starts the apps side by side: each start opens the stores its tasks left on disk before it joins
   * its group, a second or so per app, and one after the other they held the last app back by that.
   */
  private void startAll() {
    List<Thread> starting = streams.stream().map(app -> new Thread(() -> {
      try {
        app.start();
      } catch (RuntimeException e) {
        log.error("{}: cannot start the streams", app.name(), e);
      }
    }, "lifeline-start-" + app.name())).toList();
    starting.forEach(Thread::start);
    for (Thread thread : starting) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
