package io.lifeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back store in a real task: what changed reaches the changelog once per commit (the test
 * driver commits after every record), reads see what changed before that, and interactive scans see
 * the committed state with the changes on top.
 */
class WriteBackStoreTest {

  private static final String STORE = "totals";

  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;
  private TestOutputTopic<String, Long> changelog;
  /** What the processor does with the store for a record: the test's action, run inside the task. */
  private BiConsumer<WriteBackStore<Long>, Record<String, String>> action;

  @BeforeEach
  void start() throws Exception {
    Topology topology = new Topology();
    topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
    topology.addProcessor("apply", () -> new Processor<String, String, Void, Void>() {
      private WriteBackStore<Long> store;

      @Override
      public void init(ProcessorContext<Void, Void> context) {
        store = WriteBackStore.of(context, STORE);
      }

      @Override
      public void process(Record<String, String> record) {
        action.accept(store, record);
      }
    }, "in");
    topology.addStateStore(WriteBackStore.builder(STORE, Serdes.Long(), Map.of()), "apply");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("write-back").toString());
    driver = new TopologyTestDriver(topology, props);
    input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
    changelog = driver.createOutputTopic("write-back-" + STORE + "-changelog", Serdes.String().deserializer(),
        Serdes.Long().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aValueChangedManyTimesBetweenCommitsIsWrittenOnceAndReadAsChangedMeanwhile() {
    List<Long> seenInTask = new ArrayList<>();
    action = (store, record) -> {
      for (int i = 0; i < 3; i++) {
        Long current = store.get(record.key());
        store.put(record.key(), (current == null ? 0 : current) + Long.parseLong(record.value()));
        seenInTask.add(store.get(record.key()));
      }
    };
    input.pipeInput("a", "5");
    input.pipeInput("a", "1");

    assertThat(seenInTask).containsExactly(5L, 10L, 15L, 16L, 17L, 18L);
    assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 15L), KeyValue.pair("a", 18L));
    assertThat(driver.<String, Long>getKeyValueStore(STORE).get("a")).isEqualTo(18L);
  }

  @Test
  void aDeleteIsATombstoneAndForgettingNeverUndoesANewerWrite() {
    action = (store, record) -> store.put(record.key(), 1L);
    input.pipeInput("old", "");
    input.pipeInput("renewed", "");
    changelog.readKeyValuesToList();

    action = (store, record) -> {
      store.put("renewed", 2L);
      store.forget("old");
      store.forget("renewed");
      assertThat(store.get("old")).isNull();
      assertThat(store.committed().get("old")).as("the commit has not run yet").isEqualTo(1L);
    };
    input.pipeInput("sweep", "");

    assertThat(changelog.readKeyValuesToList()).containsExactlyInAnyOrder(KeyValue.pair("old", null),
        KeyValue.pair("renewed", 2L));
    assertThat(driver.<String, Long>getKeyValueStore(STORE).get("renewed")).isEqualTo(2L);
  }

  @Test
  void scansShowTheCommittedStateWithWhatChangedSinceOnTop() {
    action = (store, record) -> store.put(record.key(), Long.parseLong(record.value()));
    input.pipeInput("k1", "1");
    input.pipeInput("k2", "2");
    input.pipeInput("x9", "9");

    List<KeyValue<String, Long>> scanned = new ArrayList<>();
    List<KeyValue<String, Long>> reversed = new ArrayList<>();
    action = (store, record) -> {
      store.delete("k1");
      store.put("k2", 20L);
      store.put("k3", 3L);
      try (KeyValueIterator<String, Long> it = store.prefixScan("k", new StringSerializer())) {
        it.forEachRemaining(scanned::add);
      }
      try (KeyValueIterator<String, Long> it = store.reverseRange("k0", "k9")) {
        it.forEachRemaining(reversed::add);
      }
    };
    input.pipeInput("scan", "");

    assertThat(scanned).containsExactly(KeyValue.pair("k2", 20L), KeyValue.pair("k3", 3L));
    assertThat(reversed).containsExactly(KeyValue.pair("k3", 3L), KeyValue.pair("k2", 20L));
  }
}
