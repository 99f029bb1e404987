package io.lifeline.delivery;

import io.lifeline.delivery.channel.Notice;
import io.lifeline.delivery.channel.TargetGuard;
import io.lifeline.heartbeat.ChannelSpec;
import io.lifeline.heartbeat.InvalidField;
import io.lifeline.ports.Deliveries;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.DeliveryAttempt;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** {@link Deliveries} for the edge: the SSRF guard at creation, and test messages sent through the real senders. */
final class DeliveryService implements Deliveries {

  private final TargetGuard guard;
  private final AlertDelivery delivery;
  private final String publicBaseUrl;

  DeliveryService(TargetGuard guard, AlertDelivery delivery, String publicBaseUrl) {
    this.guard = guard;
    this.delivery = delivery;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public void checkTargets(ChannelDefinition channel) {
    for (String field : ChannelSpec.targetFields(channel.getKind())) {
      String url = channel.getConfig().get(field);
      guard.refusal(URI.create(url)).ifPresent(why -> {
        throw new InvalidField("config." + field, "this target is not allowed: " + why);
      });
    }
  }

  @Override
  public CompletableFuture<DeliveryAttempt> test(ChannelDefinition channel) {
    Instant now = Instant.now();
    String testId = "test:" + channel.getId() + ":" + now.toEpochMilli();
    return delivery.test(channel, Notice.test(testId, now, publicBaseUrl));
  }
}
