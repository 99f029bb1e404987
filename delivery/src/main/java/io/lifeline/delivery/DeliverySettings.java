package io.lifeline.delivery;

import io.lifeline.delivery.channel.Cidr;
import io.lifeline.delivery.channel.SmtpSettings;
import java.time.Duration;
import java.util.List;

/**
 * What delivery needs of the configuration (the variables are in the README).
 *
 * @param retryAttempts attempts per alert and channel before it is dead-lettered; batches retry without end
 * @param retryBackoff the wait before the second attempt; each later wait doubles, with jitter, up to {@code retryBackoffMax}
 * @param breakerOpen how long an open circuit refuses calls before it lets one through to try
 * @param concurrency concurrent sends per channel kind (the bulkhead)
 * @param batchSinkUrl where usage batches go; null or blank: nowhere
 */
public record DeliverySettings(
    String publicBaseUrl,
    List<Cidr> allowlist,
    Duration timeout,
    int retryAttempts,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Duration breakerOpen,
    int concurrency,
    String batchSinkUrl,
    String batchSinkToken,
    String telegramApiBase,
    SmtpSettings smtp) {

  public boolean sinkConfigured() {
    return batchSinkUrl != null && !batchSinkUrl.isBlank();
  }

  /** Never prints the sink token or the SMTP password. */
  @Override
  public String toString() {
    return "DeliverySettings[allowlist=" + allowlist + ", timeout=" + timeout + ", retryAttempts=" + retryAttempts
        + ", retryBackoff=" + retryBackoff + ".." + retryBackoffMax + ", breakerOpen=" + breakerOpen
        + ", concurrency=" + concurrency + ", sink=" + (sinkConfigured() ? "set" : "unset") + ", smtp=" + smtp + "]";
  }
}
