package io.lifeline.streams;

import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the registry that are missing and checks the ones that exist; never recreates.
 * An existing input topic is switched to the broker's append time, which the monitor and the meter
 * take as the receive time: records written before keep the time they had.
 */
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
    alignTimestampTypes(existing);
    checkCoPartitioned();
  }

  private void alignTimestampTypes(Set<String> existing)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    List<ConfigResource> resources = Topics.ALL.stream().filter(t -> t.config().containsKey(Topics.TIMESTAMP_TYPE))
        .filter(t -> existing.contains(t.name()))
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    if (resources.isEmpty()) {
      return;
    }
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
    for (ConfigResource resource : resources) {
      String wanted = Topics.byName(resource.name()).orElseThrow().config().get(Topics.TIMESTAMP_TYPE);
      ConfigEntry actual = configs.get(resource).get(Topics.TIMESTAMP_TYPE);
      if (actual == null || !wanted.equals(actual.value())) {
        changes.put(resource, List.of(new AlterConfigOp(new ConfigEntry(Topics.TIMESTAMP_TYPE, wanted),
            AlterConfigOp.OpType.SET)));
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
      log.info("set {} on {}", Topics.TIMESTAMP_TYPE, changes.keySet().stream().map(ConfigResource::name).toList());
    }
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
