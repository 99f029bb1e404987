package io.lifeline.delivery.channel;

import io.lifeline.schemas.ChannelDefinition;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Email over SMTP (Angus Mail), a plain-text and an HTML part. The {@code Message-ID} is derived from
 * the alert id and the channel, so a resend after a crash is the same message to whoever dedupes on it.
 * An SMTP 5xx is permanent; a 4xx or a connection that fails is worth another attempt.
 */
public final class EmailSender implements ChannelSender {

  private final SmtpSettings smtp;
  private final Session session;

  public EmailSender(SmtpSettings smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    String timeout = String.valueOf(smtp.timeout().toMillis());
    p.put("mail.smtp.host", String.valueOf(smtp.host()));
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    p.put("mail.smtp.auth", String.valueOf(smtp.user() != null && !smtp.user().isBlank()));
    p.put("mail.smtp.starttls.enable", String.valueOf(smtp.security().equals("starttls")));
    p.put("mail.smtp.starttls.required", String.valueOf(smtp.security().equals("starttls")));
    p.put("mail.smtp.ssl.enable", String.valueOf(smtp.security().equals("tls")));
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    this.session = Session.getInstance(p);
  }

  @Override
  public Outcome send(ChannelDefinition channel, Notice notice) {
    if (!smtp.configured()) {
      return Outcome.permanentFailure(null, null, "no SMTP server is configured (SMTP_HOST)");
    }
    try {
      MimeMessage message = message(channel, notice);
      try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
        transport.connect(smtp.host(), smtp.port(), blankToNull(smtp.user()), blankToNull(smtp.password()));
        transport.sendMessage(message, message.getAllRecipients());
        return Outcome.delivered(null, transport.getLastServerResponse());
      }
    } catch (SMTPSendFailedException e) {
      String reply = e.getMessage();
      return e.getReturnCode() >= 500
          ? Outcome.permanentFailure(null, reply, "SMTP " + e.getReturnCode())
          : Outcome.transientFailure(null, reply, "SMTP " + e.getReturnCode());
    } catch (jakarta.mail.AuthenticationFailedException e) {
      return Outcome.transientFailure(null, e.getMessage(), "SMTP authentication failed");
    } catch (MessagingException e) {
      return Outcome.transientFailure(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  MimeMessage message(ChannelDefinition channel, Notice notice) throws MessagingException {
    String messageId = messageId(notice.alertId(), channel.getId());
    MimeMessage message = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    message.setFrom(new InternetAddress(smtp.from()));
    message.setRecipients(Message.RecipientType.TO, recipients(channel.getConfig().get("to")));
    message.setSubject(subject(notice), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(notice.at()));
    message.setHeader("X-Lifeline-Alert-Id", notice.alertId());
    MimeMultipart alternatives = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(plain(notice), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(html(notice), "text/html; charset=utf-8");
    alternatives.addBodyPart(text);
    alternatives.addBodyPart(html);
    message.setContent(alternatives);
    return message;
  }

  /** One Message-ID per alert and channel: a resend after a crash carries the same one. */
  public static String messageId(String alertId, String channelId) {
    return "<" + alertId.replaceAll("[^A-Za-z0-9.-]", ".") + "." + channelId + "@lifeline>";
  }

  static String subject(Notice n) {
    return n.event().equals("TEST") ? "Lifeline test notification" : n.status().toUpperCase() + " | " + n.name();
  }

  static String plain(Notice n) {
    StringBuilder m = new StringBuilder(Messages.headline(n)).append("\n\n");
    m.append("Check: ").append(n.name()).append('\n');
    if (!n.desc().isEmpty()) {
      m.append("Description: ").append(n.desc()).append('\n');
    }
    m.append("Status: ").append(n.status()).append(" (was ").append(n.previousStatus()).append(")\n");
    m.append("Last ping: ").append(Messages.lastPing(n)).append('\n');
    m.append("Period: ").append(Messages.period(n)).append(", grace ").append(Messages.human(n.graceSeconds())).append('\n');
    if (!n.tags().isEmpty()) {
      m.append("Tags: ").append(String.join(" ", n.tags())).append('\n');
    }
    m.append("At: ").append(Messages.when(n.at())).append("\n\n");
    m.append("Ping URL: ").append(n.pingUrl()).append('\n');
    m.append("Details: ").append(n.checkUrl()).append('\n');
    return m.toString();
  }

  static String html(Notice n) {
    String colour = n.isDown() ? SlackSender.RED : SlackSender.GREEN;
    StringBuilder m = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
    m.append("<h2 style=\"color:").append(colour).append("\">").append(TelegramSender.escape(Messages.headline(n)))
        .append("</h2><table>");
    row(m, "Check", "<a href=\"" + TelegramSender.escape(n.checkUrl()) + "\">" + TelegramSender.escape(n.name()) + "</a>");
    if (!n.desc().isEmpty()) {
      row(m, "Description", TelegramSender.escape(n.desc()));
    }
    row(m, "Status", n.status() + " (was " + n.previousStatus() + ")");
    row(m, "Last ping", Messages.lastPing(n));
    if (!n.tags().isEmpty()) {
      row(m, "Tags", TelegramSender.escape(String.join(" ", n.tags())));
    }
    row(m, "Ping URL", "<code>" + TelegramSender.escape(n.pingUrl()) + "</code>");
    return m.append("</table></body></html>").toString();
  }

  private static void row(StringBuilder m, String name, String value) {
    m.append("<tr><th align=\"left\">").append(name).append("</th><td>").append(value).append("</td></tr>");
  }

  private static Address[] recipients(String to) throws MessagingException {
    return InternetAddress.parse(to, true);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
