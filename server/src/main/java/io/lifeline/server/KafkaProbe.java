package io.lifeline.server;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodically asks the cluster to describe itself, so readiness notices when Kafka goes away and comes back. */
final class KafkaProbe implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(KafkaProbe.class);

  private final Admin admin;
  private final Readiness readiness;
  private final String bootstrapServers;
  private boolean lastOk = true;

  KafkaProbe(Admin admin, Readiness readiness, String bootstrapServers) {
    this.admin = admin;
    this.readiness = readiness;
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public void run() {
    try {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
      if (!lastOk) {
        log.info("Kafka at {} is reachable again", bootstrapServers);
      }
      lastOk = true;
      readiness.kafka(true, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      String reason = KafkaBootstrap.rootMessage(e);
      if (lastOk) {
        log.warn("Kafka at {} is not answering: {}", bootstrapServers, reason);
      }
      lastOk = false;
      readiness.kafka(false, reason);
    }
  }
}
