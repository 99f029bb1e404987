package io.lifeline.delivery;

import io.lifeline.delivery.channel.ChannelSender;
import io.lifeline.delivery.channel.Notice;
import io.lifeline.delivery.channel.Outcome;
import io.lifeline.heartbeat.ChannelSpec;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import io.lifeline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notice through one channel: the attempts with their policies, each recorded on
 * {@code heartbeat.deliveries}; when they end in failure, the alert goes to
 * {@code heartbeat.alerts.dlq} with the reason. Errors are recorded and logged with the channel's
 * secrets masked.
 */
final class AlertDelivery {

  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

  private final Policies policies;
  private final Map<ChannelKind, ChannelSender> senders;
  private final DeliveryRecorder recorder;
  private final MeterRegistry meters;

  AlertDelivery(Policies policies, Map<ChannelKind, ChannelSender> senders, DeliveryRecorder recorder,
      MeterRegistry meters) {
    this.policies = policies;
    this.senders = senders;
    this.recorder = recorder;
    this.meters = meters;
  }

  /** Delivers with retries; completes once every attempt, and a dead letter if it failed, is in Kafka. */
  CompletableFuture<Void> deliver(ChannelDefinition channel, Notice notice, ConsumerRecord<String, byte[]> source) {
    AtomicReference<DeliveryAttempt> last = new AtomicReference<>();
    return run(channel, notice, true, last).thenCompose(outcome -> {
      if (outcome.delivered()) {
        return CompletableFuture.completedFuture(null);
      }
      DeliveryAttempt failed = last.get();
      return recorder.deadLetter(source, "io.lifeline.delivery.DeliveryFailed",
          "channel " + channel.getId() + " (" + failed.getChannelKind() + "): " + failed.getError(),
          Map.of(DeliveryRecorder.CHANNEL_ID, channel.getId(),
              DeliveryRecorder.ATTEMPTS, String.valueOf(failed.getAttempt())));
    });
  }

  /** One attempt, no retry, no dead letter: what {@code POST /channels/{id}/test} answers with. */
  CompletableFuture<DeliveryAttempt> test(ChannelDefinition channel, Notice notice) {
    AtomicReference<DeliveryAttempt> last = new AtomicReference<>();
    return run(channel, notice, false, last).thenApply(outcome -> last.get());
  }

  /** An alert that does not decode cannot be sent; it goes to the dead-letter topic as it is. */
  CompletableFuture<Void> deadLetterPoison(ConsumerRecord<String, byte[]> source, Exception error) {
    return recorder.deadLetter(source, error.getClass().getName(), String.valueOf(error.getMessage()), Map.of());
  }

  /** A channel the check names no longer exists: nothing to send, and the log says so. */
  CompletableFuture<Void> skipped(Notice notice, String channelId) {
    log.warn("alert {}: channel {} no longer exists; skipped", notice.alertId(), channelId);
    return recorder.record(Topics.HEARTBEAT_DELIVERIES, notice.checkUuid(), attempt(notice, channelId, "unknown", 1,
        DeliveryOutcome.SKIPPED, Outcome.permanentFailure(null, null, "the channel no longer exists"), 0));
  }

  private CompletableFuture<Outcome> run(ChannelDefinition channel, Notice notice, boolean retry,
      AtomicReference<DeliveryAttempt> last) {
    String kind = ChannelSpec.apiName(channel.getKind());
    ChannelSender sender = senders.getOrDefault(channel.getKind(), (c, n) ->
        Outcome.permanentFailure(null, null, "this version of Lifeline cannot send to a " + c.getKind() + " channel"));
    boolean isTest = notice.event().equals("TEST");
    String key = isTest ? channel.getId() : notice.checkUuid();
    return Attempts.run(policies, retry ? policies.alertRetry() : policies.once(), kind, channel.getId(),
        () -> sender.send(channel, notice), (n, outcome, isLast, latency) -> {
          DeliveryOutcome result = outcome.delivered() ? DeliveryOutcome.DELIVERED
              : isLast ? DeliveryOutcome.FAILED : DeliveryOutcome.RETRYING;
          Outcome scrubbed = new Outcome(outcome.kind(), outcome.httpStatus(),
              Secrets.scrub(outcome.reply(), channel), Secrets.scrub(outcome.error(), channel));
          DeliveryAttempt attempt = attempt(notice, channel.getId(), kind, n, result, scrubbed, latency);
          if (isTest) {
            attempt.setCheckUuid(null);
          }
          last.set(attempt);
          count(kind, result);
          if (!outcome.delivered()) {
            log.warn("{} {} to channel {} ({}): attempt {} {}: {}", notice.event(), notice.alertId(), channel.getId(),
                kind, n, result, scrubbed.error());
          } else {
            log.info("{} {} delivered to channel {} ({}) at attempt {}", notice.event(), notice.alertId(),
                channel.getId(), kind, n);
          }
          return recorder.record(Topics.HEARTBEAT_DELIVERIES, key, attempt);
        });
  }

  private void count(String kind, DeliveryOutcome outcome) {
    meters.counter("lifeline.deliveries", "kind", kind, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
    if (outcome == DeliveryOutcome.RETRYING) {
      meters.counter("lifeline.delivery.retries", "kind", kind).increment();
    }
  }

  static DeliveryAttempt attempt(Notice notice, String channelId, String kind, int n, DeliveryOutcome result,
      Outcome outcome, long latency) {
    return DeliveryAttempt.newBuilder()
        .setDeliveryId(notice.alertId())
        .setEvent(notice.event())
        .setCheckUuid(notice.checkUuid())
        .setChannelId(channelId)
        .setChannelKind(kind)
        .setAttempt(n)
        .setOutcome(result)
        .setHttpStatus(outcome.httpStatus())
        .setReply(outcome.reply())
        .setLatencyMillis(latency)
        .setError(outcome.error())
        .setAt(Instant.now())
        .build();
  }
}
