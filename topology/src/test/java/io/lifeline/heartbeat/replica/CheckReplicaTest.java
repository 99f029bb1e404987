package io.lifeline.heartbeat.replica;

import static io.lifeline.heartbeat.Checks.T0;
import static io.lifeline.heartbeat.Checks.definition;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.heartbeat.UniqueKey;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The edge's replica of the definitions: lookups by uuid, slug and unique key follow every change. */
class CheckReplicaTest {

  private static final String PING_KEY = "pk";

  private final AppliedVersions applied = new AppliedVersions();
  private final AppliedVersions channelsApplied = new AppliedVersions();
  private TopologyTestDriver driver;
  private TestInputTopic<String, CheckDefinition> checks;
  private TestInputTopic<String, ChannelDefinition> channels;
  private CheckDirectory directory;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "replica-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("replica-ttd").toString());
    driver = new TopologyTestDriver(CheckReplicaApp.buildTopology(applied, channelsApplied), props, T0);
    checks = driver.createInputTopic(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_CHECKS.keySerde().serializer(),
        Topics.HEARTBEAT_CHECKS.valueSerde().serializer());
    channels = driver.createInputTopic(Topics.DELIVERY_CHANNELS.name(),
        Topics.DELIVERY_CHANNELS.keySerde().serializer(), Topics.DELIVERY_CHANNELS.valueSerde().serializer());
    directory = new CheckDirectory(driver.getKeyValueStore(StoreNames.CHECK_REPLICA));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void lookupsFollowCreateRenameAndDelete() {
    CheckDefinition v1 = definition("u1", 60, 10).setSlug("backup").setPingKey(PING_KEY).build();
    var seen = applied.await("u1", v1.getUpdatedAt().toEpochMilli(), () -> AppliedVersions.NONE, Duration.ofSeconds(30));
    checks.pipeInput("u1", v1);
    assertThat(seen).isCompletedWithValue(true);
    assertThat(directory.byUuid("u1")).contains(v1);
    assertThat(directory.bySlug(PING_KEY, "backup")).containsExactly("u1");
    assertThat(directory.byUniqueKey(UniqueKey.of("u1"))).contains("u1");

    CheckDefinition v2 = CheckDefinition.newBuilder(v1).setSlug("nightly").setUpdatedAt(T0.plusSeconds(1)).build();
    checks.pipeInput("u1", v2);
    assertThat(directory.bySlug(PING_KEY, "backup")).isEmpty();
    assertThat(directory.bySlug(PING_KEY, "nightly")).containsExactly("u1");

    var gone = applied.await("u1", AppliedVersions.DELETED, () -> AppliedVersions.NONE, Duration.ofSeconds(30));
    checks.pipeInput("u1", null);
    assertThat(gone).isCompletedWithValue(true);
    assertThat(directory.byUuid("u1")).isEmpty();
    assertThat(directory.bySlug(PING_KEY, "nightly")).isEmpty();
    assertThat(directory.byUniqueKey(UniqueKey.of("u1"))).isEmpty();
  }

  @Test
  void twoChecksWithOneSlugAreBothFoundSoTheEdgeCanSayItIsAmbiguous() {
    checks.pipeInput("u1", definition("u1", 60, 10).setSlug("s").setPingKey(PING_KEY).build());
    checks.pipeInput("u2", definition("u2", 60, 10).setSlug("s").setPingKey(PING_KEY).build());
    assertThat(directory.bySlug(PING_KEY, "s")).containsExactlyInAnyOrder("u1", "u2");
    assertThat(directory.bySlug("other", "s")).isEmpty();
  }

  @Test
  void channelsAreReplicatedByIdAndTheirWritersAreToldWhichVersionIsHeld() {
    ChannelDefinition v1 = ChannelDefinition.newBuilder().setId("c1").setName("ops").setKind(ChannelKind.SLACK)
        .setConfig(java.util.Map.of("url", "https://hooks.example.com/x")).setCreatedAt(T0).setUpdatedAt(T0).build();
    var seen = channelsApplied.await("c1", T0.toEpochMilli(), () -> AppliedVersions.NONE, Duration.ofSeconds(30));
    channels.pipeInput("c1", v1);
    assertThat(seen).isCompletedWithValue(true);
    var store = driver.<String, byte[]>getKeyValueStore(StoreNames.CHANNEL_REPLICA);
    assertThat(ChannelIndexer.SERDE.decode(store.get("c1"))).isEqualTo(v1);

    var gone = channelsApplied.await("c1", AppliedVersions.DELETED, () -> AppliedVersions.NONE, Duration.ofSeconds(30));
    channels.pipeInput("c1", null);
    assertThat(gone).isCompletedWithValue(true);
    assertThat(store.get("c1")).isNull();
  }
}
