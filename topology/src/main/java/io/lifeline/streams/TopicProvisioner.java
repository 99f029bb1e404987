package io.lifeline.streams;

import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics of the registry that are missing and checks the ones that exist; never recreates. */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final int partitions;
  private final short replication;

  public TopicProvisioner(Admin admin, int partitions, short replication) {
    this.admin = admin;
    this.partitions = partitions;
    this.replication = replication;
  }

  public void ensureTopics() throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?, ?> topic : Topics.toCreate()) {
      if (!existing.contains(topic.name())) {
        missing.add(new NewTopic(topic.name(), partitions, replication).configs(topic.config()));
      }
    }
    if (!missing.isEmpty()) {
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    checkCoPartitioned();
  }

  /** Pings are joined to their check by uuid on the same partition; differing counts would split them. */
  private void checkCoPartitioned() throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, TopicDescription> described = describe(List.of(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_PINGS.name()));
    int checks = described.get(Topics.HEARTBEAT_CHECKS.name()).partitions().size();
    int pings = described.get(Topics.HEARTBEAT_PINGS.name()).partitions().size();
    if (checks != pings) {
      throw new IllegalStateException("heartbeat.checks has " + checks + " partitions but heartbeat.pings has "
          + pings + "; they must be co-partitioned by check uuid");
    }
  }

  /** Topics just created may not be in every broker's metadata yet; that settles within moments. */
  private Map<String, TopicDescription> describe(List<String> names)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }
}
