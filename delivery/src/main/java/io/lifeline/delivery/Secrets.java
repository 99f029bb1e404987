package io.lifeline.delivery;

import io.lifeline.heartbeat.ChannelSpec;
import io.lifeline.schemas.ChannelDefinition;

/** Keeps a channel's secrets (webhook and Slack URLs, bot tokens, header values) out of logs and the delivery log. */
final class Secrets {

  static final String MASK = "****";

  private Secrets() {}

  static String scrub(String text, ChannelDefinition channel) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String field : ChannelSpec.secretFields(channel.getKind())) {
      out = replace(out, channel.getConfig().get(field));
    }
    for (String value : channel.getHeaders().values()) {
      out = replace(out, value);
    }
    return out;
  }

  static String replace(String text, String secret) {
    return text == null || secret == null || secret.length() < 4 ? text : text.replace(secret, MASK);
  }
}
