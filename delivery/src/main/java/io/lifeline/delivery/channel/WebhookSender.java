package io.lifeline.delivery.channel;

import io.lifeline.schemas.ChannelDefinition;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * A generic webhook: the channel's method, URL, headers and its {@code body_down}/{@code body_up}
 * template, or the alert as JSON when it has none. GET sends no body.
 */
public final class WebhookSender implements ChannelSender {

  private final HttpTransport http;

  public WebhookSender(HttpTransport http) {
    this.http = http;
  }

  @Override
  public Outcome send(ChannelDefinition channel, Notice notice) {
    Map<String, String> config = channel.getConfig();
    String method = config.getOrDefault("method", "POST");
    URI target;
    try {
      target = URI.create(Templates.url(config.get("url"), notice));
    } catch (IllegalArgumentException e) {
      return Outcome.permanentFailure(null, null, "the URL is not valid once its placeholders are filled in");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder().header(HttpTransport.IDEMPOTENCY_KEY, notice.alertId());
    String template = config.get(notice.isDown() ? "body_down" : "body_up");
    String body = template == null ? Templates.defaultBody(notice) : Templates.body(template, notice);
    boolean hasContentType = channel.getHeaders().keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase);
    if (!method.equals("GET") && !hasContentType) {
      String stripped = body.stripLeading();
      request.header("Content-Type", stripped.startsWith("{") || stripped.startsWith("[")
          ? "application/json" : "text/plain; charset=utf-8");
    }
    channel.getHeaders().forEach((name, value) -> request.header(name, Templates.header(value, notice)));
    request.method(method, method.equals("GET")
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(target, request);
  }
}
