package io.lifeline.audit;

import io.lifeline.schemas.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One task of a Lifeline topology in a {@link TopologyTestDriver} whose wall clock is the log's: it
 * is moved to each record's timestamp (at most once per scan interval) before the record is piped,
 * so every wall-clock scan runs as if the application had read the log live without falling behind.
 * Records are piped as their raw bytes with their headers and timestamps.
 */
final class TaskDriver implements AutoCloseable {

  /** Enough scans to drain what is due however large the backlog; a loop past this is a bug. */
  private static final int MAX_DRAIN_SCANS = 1_000_000;

  private final TopologyTestDriver driver;
  private final long interval;
  private final Path stateDir;
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
  private long clock;

  TaskDriver(Topology topology, List<String> inputTopics, Duration scanInterval) {
    try {
      this.stateDir = Files.createTempDirectory("lifeline-replay");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifeline-replay");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The servers send a record they cannot read to its dead-letter topic and go on; so does the replay.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    this.driver = new TopologyTestDriver(topology, props, Instant.EPOCH);
    this.interval = scanInterval.toMillis();
    for (String topic : inputTopics) {
      inputs.put(topic, driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer()));
    }
  }

  void pipe(ConsumerRecord<byte[], byte[]> record) {
    if (record.timestamp() >= clock + interval) {
      advanceTo(record.timestamp());
    }
    inputs.get(record.topic()).pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(),
        record.timestamp()));
  }

  /** Moves the clock to {@code asOf} and on, a scan interval at a time, until nothing is due by then. */
  void finish(long asOf, BiPredicate<TopologyTestDriver, Long> due) {
    if (asOf > clock) {
      advanceTo(asOf);
    }
    for (int scans = 0; due.test(driver, asOf); scans++) {
      if (scans == MAX_DRAIN_SCANS) {
        throw new IllegalStateException("work due by " + Instant.ofEpochMilli(asOf) + " is not draining");
      }
      advanceTo(clock + interval);
    }
  }

  <V> List<TestRecord<String, V>> output(Topic<String, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())
        .readRecordsToList();
  }

  private void advanceTo(long time) {
    driver.advanceWallClockTime(Duration.ofMillis(time - clock));
    clock = time;
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
