package io.lifeline.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real single-node KRaft broker for one test class: in-process through Kafka's own
 * {@link KafkaClusterTestKit}, or the {@code apache/kafka} image when the build runs with
 * {@code -Pdocker}. Register it as a static {@code @RegisterExtension} field.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

  static final String DOCKER_IMAGE = "apache/kafka:4.3.1";

  /** Single node, so internal topics of transactions and groups must make do with one replica. */
  private static final Map<String, String> SINGLE_NODE = Map.of(
      "offsets.topic.replication.factor", "1",
      "transaction.state.log.replication.factor", "1",
      "transaction.state.log.min.isr", "1",
      "group.initial.rebalance.delay.ms", "0",
      "auto.create.topics.enable", "false");

  private KafkaClusterTestKit cluster;
  private KafkaContainer container;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (Boolean.getBoolean("lifeline.docker")) {
      container = new KafkaContainer(DOCKER_IMAGE);
      SINGLE_NODE.forEach((k, v) -> container.withEnv("KAFKA_" + k.toUpperCase().replace('.', '_'), v));
      container.start();
      return;
    }
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
    SINGLE_NODE.forEach(builder::setConfigProp);
    cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (container != null) {
      container.stop();
    }
  }

  public String bootstrapServers() {
    return container != null ? container.getBootstrapServers() : cluster.bootstrapServers();
  }

  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
    return Admin.create(props);
  }
}
