package io.lifeline.delivery.channel;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The words every kind shares, so a check reads the same in Slack, Telegram, ntfy and email. */
final class Messages {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Messages() {}

  static String headline(Notice n) {
    if (n.event().equals("TEST")) {
      return "Test notification from Lifeline: this channel works.";
    }
    return n.isDown()
        ? "\u201c" + n.name() + "\u201d is DOWN (" + reason(n) + ")."
        : "\u201c" + n.name() + "\u201d is UP again.";
  }

  /** Why, and with a failure threshold, how many times in a row it happened. */
  static String reason(Notice n) {
    String why = switch (n.reason()) {
      case "timeout" -> "no ping arrived in time";
      case "fail" -> "the job reported a failure";
      default -> n.reason();
    };
    return n.failures() > 1 ? why + ", " + n.failures() + " times in a row" : why;
  }

  static String lastPing(Notice n) {
    return n.lastPing() == null ? "never" : WHEN.format(n.lastPing());
  }

  static String when(java.time.Instant at) {
    return WHEN.format(at);
  }

  /** How long ago the last ping came, as a person says it: {@code 2h 5m}. */
  static String since(Notice n) {
    if (n.lastPing() == null) {
      return "no ping yet";
    }
    Duration d = Duration.between(n.lastPing(), n.at());
    if (d.isNegative()) {
      return "0m";
    }
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    return (days > 0 ? days + "d " : "") + (days > 0 || hours > 0 ? hours + "h " : "") + minutes + "m";
  }

  static String period(Notice n) {
    if (n.schedule() != null) {
      return "cron " + n.schedule();
    }
    return n.timeoutSeconds() == null ? "unknown" : human(n.timeoutSeconds());
  }

  static String human(long seconds) {
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    } else if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    } else if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
