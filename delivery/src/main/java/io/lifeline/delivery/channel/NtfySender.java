package io.lifeline.delivery.channel;

import io.lifeline.schemas.ChannelDefinition;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * ntfy (self-hosted or ntfy.sh): the message is POSTed to the topic URL with a title, a priority
 * (urgent when down), tags that ntfy shows as emoji, and a click-through link to the check.
 */
public final class NtfySender implements ChannelSender {

  private final HttpTransport http;

  public NtfySender(HttpTransport http) {
    this.http = http;
  }

  @Override
  public Outcome send(ChannelDefinition channel, Notice notice) {
    HttpRequest.Builder request = HttpRequest.newBuilder()
        .header(HttpTransport.IDEMPOTENCY_KEY, notice.alertId())
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Title", title(notice))
        .header("Priority", notice.isDown() ? "urgent" : "default")
        .header("Tags", notice.isDown() ? "rotating_light" : "white_check_mark")
        .header("Click", notice.checkUrl())
        .POST(HttpRequest.BodyPublishers.ofString(message(notice)));
    String token = channel.getConfig().get("token");
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(URI.create(channel.getConfig().get("url")), request);
  }

  /** ntfy reads the Title header as UTF-8 only when it is RFC 2047 encoded, so it is kept to ASCII. */
  static String title(Notice n) {
    String name = n.name().replaceAll("[^\\x20-\\x7e]", "?");
    return n.event().equals("TEST") ? "Lifeline test notification" : name + " is " + n.status().toUpperCase();
  }

  static String message(Notice n) {
    StringBuilder m = new StringBuilder(Messages.headline(n)).append('\n');
    m.append("Last ping: ").append(Messages.lastPing(n));
    if (!n.tags().isEmpty()) {
      m.append("\nTags: ").append(String.join(" ", n.tags()));
    }
    return m.toString();
  }
}
