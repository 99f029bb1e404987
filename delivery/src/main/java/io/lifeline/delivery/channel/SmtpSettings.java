package io.lifeline.delivery.channel;

import java.time.Duration;

/**
 * The SMTP server email channels send through ({@code SMTP_*} variables).
 *
 * @param security {@code none}, {@code starttls} (required, not opportunistic) or {@code tls} (implicit, as on port 465)
 */
public record SmtpSettings(String host, int port, String user, String password, String from, String security,
    Duration timeout) {

  public boolean configured() {
    return host != null && !host.isBlank();
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "smtp://" + (user == null ? "" : user + "@") + host + ":" + port + " (" + security + ")";
  }
}
