package io.lifeline.delivery;

import io.lifeline.schemas.Alert;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.DeadLetterHandler;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code scripts/dlq-replay}: puts dead-lettered alerts back on {@code heartbeat.alerts}, once the
 * reason they failed (a wrong URL, a receiver that was down for good) has been dealt with. Each dead
 * letter names the one channel that failed, so the alert goes back for that channel only: the channels
 * that took it are not sent it again. The alert keeps its id, so the resend carries the same
 * {@code Idempotency-Key} as the first attempts. The dead-letter topic is read from its start to the end
 * it had when the command began; nothing is removed from it, so a second run sends again what matches.
 */
public final class DlqReplay {

  private static final String USAGE = """
      usage: scripts/dlq-replay [--check <uuid>] [--channel <id>] [--dry-run]
        Re-publishes the alerts in heartbeat.alerts.dlq to heartbeat.alerts, each for the channel that failed.
        --check <uuid>   only the alerts of this check
        --channel <id>   only the dead letters of this channel
        --dry-run        list what would move; publish nothing
        Reads KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092).""";

  /** Which dead letters to move; null matches any. */
  public record Filter(String check, String channel, boolean dryRun) {

    boolean matches(Alert alert, String channelId) {
      return (check == null || check.equalsIgnoreCase(alert.getCheckUuid()))
          && (channel == null || channel.equalsIgnoreCase(channelId));
    }
  }

  /** What one run did: the dead letters it moved (or would move), the ones left as they are, the unreadable ones. */
  public record Summary(int moved, int left, int unreadable) {}

  private DlqReplay() {}

  public static void main(String[] args) {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    Filter filter;
    try {
      filter = parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (filter == null) {
      System.out.println(USAGE);
      return;
    }
    run(bootstrap, filter, System.out);
  }

  /** The filter the arguments ask for, or null for {@code --help}. */
  static Filter parse(List<String> args) {
    String check = null;
    String channel = null;
    boolean dryRun = false;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--check" -> check = value(args, ++i, "--check");
        case "--channel" -> channel = value(args, ++i, "--channel");
        case "--dry-run" -> dryRun = true;
        case "--help", "-h" -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args.get(i));
      }
    }
    return new Filter(check, channel, dryRun);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  public static Summary run(String bootstrap, Filter filter, PrintStream out) {
    String dlq = Topics.HEARTBEAT_ALERTS.dlq().name();
    List<ConsumerRecord<byte[], byte[]>> deadLetters = readToEnd(bootstrap, dlq);
    int moved = 0;
    int left = 0;
    int unreadable = 0;
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
        String at = dlq + "/" + letter.partition() + "/" + letter.offset();
        Alert alert;
        try {
          alert = Topics.HEARTBEAT_ALERTS.valueSerde().deserializer().deserialize(dlq, letter.value());
        } catch (RuntimeException e) {
          unreadable++;
          out.println("unreadable " + at + ": " + header(letter.headers(), DeadLetterHandler.ERROR_MESSAGE));
          continue;
        }
        String channel = header(letter.headers(), DeliveryRecorder.CHANNEL_ID);
        if (alert == null || channel == null || !filter.matches(alert, channel)) {
          left++;
          continue;
        }
        Alert again = Alert.newBuilder(alert).setChannels(new ArrayList<>(List.of(channel))).build();
        out.println((filter.dryRun() ? "would move " : "moved ") + at + ": alert " + alert.getAlertId()
            + " check " + alert.getCheckUuid() + " channel " + channel
            + " (" + header(letter.headers(), DeadLetterHandler.ERROR_MESSAGE) + ")");
        moved++;
        if (!filter.dryRun()) {
          String topic = Topics.HEARTBEAT_ALERTS.name();
          sent.add(producer.send(new ProducerRecord<>(topic, null, null, letter.key(),
              Topics.HEARTBEAT_ALERTS.valueSerde().serializer().serialize(topic, again), replayHeaders(letter, at))));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> ack : sent) {
        ack.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before every alert was acknowledged", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka did not take a replayed alert: " + e.getCause().getMessage(), e.getCause());
    }
    out.println(moved + (filter.dryRun() ? " would move, " : " moved, ") + left + " left in " + dlq
        + (unreadable > 0 ? ", " + unreadable + " unreadable" : ""));
    return new Summary(moved, left, unreadable);
  }

  /**
   * The alert's own headers (its request id among them), without the dead letter's, plus where it came
   * from: the audit tells a replayed alert from the monitor's own by it.
   */
  private static Headers replayHeaders(ConsumerRecord<byte[], byte[]> letter, String at) {
    Headers headers = new RecordHeaders();
    for (Header h : letter.headers()) {
      if (!h.key().startsWith("dlq.") && !h.key().startsWith("delivery.")) {
        headers.add(h);
      }
    }
    headers.add(DeadLetterHandler.REPLAYED_FROM, at.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Every committed dead letter up to the end each partition had when this began. */
  private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "lifeline-dlq-replay"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(r);
          }
        }
      }
    }
    return records;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "lifeline-dlq-replay",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new ByteArraySerializer(), new ByteArraySerializer());
  }
}
