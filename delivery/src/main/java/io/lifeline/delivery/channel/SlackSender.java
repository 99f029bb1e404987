package io.lifeline.delivery.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.schemas.ChannelDefinition;
import java.net.URI;
import java.net.http.HttpRequest;

/** A Slack incoming webhook: a message with the status colour, the check's name linked to it, its last ping and tags. */
public final class SlackSender implements ChannelSender {

  static final String RED = "#e74c3c";
  static final String GREEN = "#2ecc71";

  private final HttpTransport http;

  public SlackSender(HttpTransport http) {
    this.http = http;
  }

  @Override
  public Outcome send(ChannelDefinition channel, Notice notice) {
    return http.send(URI.create(channel.getConfig().get("url")), HttpRequest.newBuilder()
        .header(HttpTransport.IDEMPOTENCY_KEY, notice.alertId())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(payload(notice).toString())));
  }

  static ObjectNode payload(Notice n) {
    ObjectNode body = Templates.JSON.createObjectNode();
    String headline = Messages.headline(n);
    body.put("text", headline);
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("color", n.isDown() ? RED : GREEN).put("fallback", headline)
        .put("title", n.name()).put("title_link", n.checkUrl());
    ArrayNode fields = attachment.putArray("fields");
    field(fields, "Status", n.status());
    field(fields, "Reason", n.reason());
    field(fields, "Last ping", Messages.lastPing(n));
    field(fields, "Tags", n.tags().isEmpty() ? "none" : String.join(" ", n.tags()));
    attachment.put("footer", "Lifeline").put("ts", n.at().getEpochSecond());
    return body;
  }

  private static void field(ArrayNode fields, String title, String value) {
    fields.addObject().put("title", title).put("value", value).put("short", true);
  }
}
