package io.lifeline.delivery.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.schemas.ChannelDefinition;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Telegram's Bot API {@code sendMessage} to a chat, as an HTML message in the spirit of the first
 * heartbeat monitor Lifeline grew from. The API base comes from {@code TELEGRAM_API_BASE}, an
 * operator's setting, so it is not a user's target and the SSRF guard does not apply to it.
 */
public final class TelegramSender implements ChannelSender {

  private final HttpTransport http;
  private final String apiBase;

  public TelegramSender(HttpTransport http, String apiBase) {
    this.http = http;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
  }

  @Override
  public Outcome send(ChannelDefinition channel, Notice notice) {
    ObjectNode body = Templates.JSON.createObjectNode();
    String chat = channel.getConfig().get("chat_id");
    if (chat.matches("-?[0-9]+")) {
      body.put("chat_id", Long.parseLong(chat));
    } else {
      body.put("chat_id", chat);
    }
    body.put("text", html(notice)).put("parse_mode", "HTML").put("disable_web_page_preview", true);
    URI target = URI.create(apiBase + "/bot" + channel.getConfig().get("bot_token") + "/sendMessage");
    return http.sendTrusted(target, HttpRequest.newBuilder()
        .header(HttpTransport.IDEMPOTENCY_KEY, notice.alertId())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  static String html(Notice n) {
    StringBuilder m = new StringBuilder();
    if (n.event().equals("TEST")) {
      m.append("\uD83E\uDDEA <b>Test notification</b>\n\nThis Telegram channel of Lifeline works.");
      return m.toString();
    }
    if (n.isDown()) {
      m.append("\uD83D\uDEA8 <b>HEARTBEAT LOST</b>\n\n");
      m.append("\u26A0\uFE0F Job: <b>").append(escape(n.name())).append("</b>\n");
    } else {
      m.append("\u2705 <b>HEARTBEAT BACK</b>\n\n");
      m.append("\uD83D\uDFE2 Job: <b>").append(escape(n.name())).append("</b>\n");
    }
    if (!n.desc().isEmpty()) {
      m.append("\uD83D\uDCCB Description: ").append(escape(n.desc())).append('\n');
    }
    m.append("\u23F0 Last ping: ").append(Messages.lastPing(n)).append('\n');
    if (n.isDown()) {
      m.append("\uD83D\uDD50 Silent for: ").append(Messages.since(n)).append('\n');
      m.append("\u2699\uFE0F Expected period: ").append(escape(Messages.period(n))).append('\n');
      m.append("\u2753 Why: ").append(Messages.reason(n)).append('\n');
    }
    if (!n.tags().isEmpty()) {
      m.append("\uD83C\uDFF7 Tags: ").append(escape(String.join(" ", n.tags()))).append('\n');
    }
    if (n.isDown()) {
      m.append("\n\uD83D\uDCA1 Check that the cron job or script is running.\n");
    }
    m.append("\uD83D\uDD17 Ping URL: <code>").append(escape(n.pingUrl())).append("</code>");
    return m.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
