package io.lifeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import io.lifeline.testkit.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicProvisionerIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void createsWhatIsMissingKeepsWhatExistsStampsInputsOnAppendAndRefusesSplitPartitions() throws Exception {
    try (Admin admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic(Topics.HEARTBEAT_PINGS.name(), 2, (short) 1)
          .configs(Map.of("retention.ms", "123456789")))).all().get();
      TopicProvisioner provisioner = new TopicProvisioner(admin, 2, (short) 1);

      provisioner.ensureTopics();
      provisioner.ensureTopics();

      assertThat(admin.listTopics().names().get()).containsAll(Topics.toCreate().stream().map(Topic::name).toList());
      assertThat(config(admin, "heartbeat.checks", "cleanup.policy")).isEqualTo("compact");
      assertThat(config(admin, "metering.pulses", "retention.ms")).isEqualTo("-1");
      assertThat(config(admin, "heartbeat.pings", "retention.ms")).as("an existing topic is not recreated")
          .isEqualTo("123456789");
      awaitConfig(admin, "heartbeat.pings", "message.timestamp.type", "LogAppendTime");
      for (String input : List.of("heartbeat.checks", "metering.pulses")) {
        assertThat(config(admin, input, "message.timestamp.type")).as(input).isEqualTo("LogAppendTime");
      }
      for (String output : List.of("heartbeat.flips", "metering.batches", "metering.pulses.late")) {
        assertThat(config(admin, output, "message.timestamp.type")).as(output).isEqualTo("CreateTime");
      }

      admin.createPartitions(Map.of(Topics.HEARTBEAT_PINGS.name(), NewPartitions.increaseTo(3))).all().get();
      awaitPartitions(admin, Topics.HEARTBEAT_PINGS.name(), 3);
      assertThatThrownBy(provisioner::ensureTopics)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("heartbeat.checks has 2 partitions but heartbeat.pings has 3");
    }
  }

  private static void awaitPartitions(Admin admin, String topic, int count) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size() != count) {
      assertThat(System.nanoTime()).as("%s reaches %d partitions", topic, count).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** A config altered through the controller reaches the broker's view a moment later. */
  private static void awaitConfig(Admin admin, String topic, String name, String value) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!value.equals(config(admin, topic, name))) {
      assertThat(System.nanoTime()).as("%s of %s becomes %s (an existing topic takes the receive time)", name, topic,
          value).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String config(Admin admin, String topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
  }
}
