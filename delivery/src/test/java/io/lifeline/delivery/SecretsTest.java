package io.lifeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.delivery.channel.Cidr;
import io.lifeline.delivery.channel.SmtpSettings;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A channel's secrets, the sink token and the SMTP password never reach a log line or the delivery log. */
class SecretsTest {

  private static ChannelDefinition channel(ChannelKind kind, Map<String, String> config, Map<String, String> headers) {
    return ChannelDefinition.newBuilder().setId("c1").setName("ops").setKind(kind).setConfig(config)
        .setHeaders(headers).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
  }

  @Test
  void everySecretOfAChannelIsMasked() {
    ChannelDefinition telegram = channel(ChannelKind.TELEGRAM, Map.of("bot_token", "123456:ABCdefGHIjkl", "chat_id", "42"),
        Map.of());
    assertThat(Secrets.scrub("POST /bot123456:ABCdefGHIjkl/sendMessage failed", telegram))
        .isEqualTo("POST /bot****/sendMessage failed");
    ChannelDefinition hook = channel(ChannelKind.WEBHOOK, Map.of("url", "https://hooks.example.com/T0/B0/xyz"),
        Map.of("Authorization", "Bearer s3cr3t-token"));
    assertThat(Secrets.scrub("https://hooks.example.com/T0/B0/xyz said no to Bearer s3cr3t-token", hook))
        .doesNotContain("xyz", "s3cr3t").contains(Secrets.MASK);
    assertThat(Secrets.scrub(null, hook)).isNull();
    assertThat(Secrets.replace(null, "token")).isNull();
  }

  @Test
  void settingsPrintNeitherTheSinkTokenNorTheSmtpPassword() {
    DeliverySettings settings = new DeliverySettings("http://x", List.of(Cidr.parse("127.0.0.1/32")), Duration.ofSeconds(1),
        3, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 4, "https://billing.example.com/in",
        "sink-token-123", "https://api.telegram.org",
        new SmtpSettings("smtp.example.com", 587, "lifeline", "smtp-pass-456", "a@b.c", "starttls", Duration.ofSeconds(5)));
    assertThat(settings.toString()).doesNotContain("sink-token-123", "smtp-pass-456", "billing.example.com");
  }
}
