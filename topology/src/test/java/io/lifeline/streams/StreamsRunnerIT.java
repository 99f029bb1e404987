package io.lifeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.testkit.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamsRunnerIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void aFailingStreamThreadStopsTheClientAndIsReportedAsFatal() throws Exception {
    try (var admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic("boom", 1, (short) 1))).all().get();
    }
    StreamsApp failing = new StreamsApp() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Topology buildTopology(LogProgress progress) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("boom", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
          throw new IllegalStateException("processing bug");
        });
        return builder.build();
      }
    };
    CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    StreamsEnvironment environment = new StreamsEnvironment(KAFKA.bootstrapServers(), "runner-it",
        Files.createTempDirectory("runner-it"), null, 1, 0, new SimpleMeterRegistry());
    try (StreamsRunner runner = new StreamsRunner(failing, environment, fatal::complete)) {
      runner.start();
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          KAFKA.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("boom", "k", "v")).get();
      }
      Throwable cause = fatal.get(60, TimeUnit.SECONDS);
      assertThat(cause).hasStackTraceContaining("processing bug");
      assertThat(runner.state()).isEqualTo(KafkaStreams.State.ERROR);
      assertThat(runner.isRunning()).isFalse();
      assertThatThrownBy(() -> runner.awaitRunning(Duration.ofSeconds(1)))
          .hasStackTraceContaining("processing bug");
      runner.close(Duration.ofSeconds(10));
    }
  }
}
