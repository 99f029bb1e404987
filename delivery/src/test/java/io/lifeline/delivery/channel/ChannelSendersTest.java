package io.lifeline.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.ChannelKind;
import io.lifeline.testkit.Receiver;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each kind's exact payload, sent over real HTTP to a loopback {@link Receiver} and over real SMTP to
 * GreenMail, and how an answer is judged: delivered, worth another attempt, or not.
 */
class ChannelSendersTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UUID = "5f0c7c2e-2d1b-4c53-9d76-0c5a2d1e6a11";
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Notice DOWN = new Notice("DOWN", UUID + ":down:1767225600000", UUID, "nightly backup",
      "nightly-backup", List.of("prod", "db"), "Backs up <the> DB", "down", "up", "timeout", AT,
      Instant.parse("2025-12-31T21:55:00Z"), "http://lifeline.test/ping/" + UUID, "http://lifeline.test/#check=" + UUID,
      3600L, null, 300, 1, "rsync: connection refused\nexit 23");
  private static final Notice UP = new Notice("UP", UUID + ":up:1767226000000", UUID, "nightly backup",
      "nightly-backup", List.of("prod", "db"), "", "up", "down", "ping", AT.plusSeconds(400), AT.plusSeconds(400),
      "http://lifeline.test/ping/" + UUID, "http://lifeline.test/#check=" + UUID, 3600L, null, 300, 0, null);

  private final Receiver receiver = Receiver.start();
  private final HttpTransport http = new HttpTransport(new TargetGuard(List.of(Cidr.parse("127.0.0.1/32"))),
      Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static ChannelDefinition channel(ChannelKind kind, Map<String, String> config, Map<String, String> headers) {
    return ChannelDefinition.newBuilder().setId("7a1c2e4b-5d6f-4a8b-9c0d-1e2f3a4b5c6d").setName("ops").setKind(kind)
        .setConfig(config).setHeaders(headers).setCreatedAt(AT).setUpdatedAt(AT).build();
  }

  private Receiver.Request only() {
    List<Receiver.Request> requests = receiver.requests();
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void aWebhookFillsHealthchecksPlaceholdersInUrlHeadersAndBody() {
    ChannelDefinition webhook = channel(ChannelKind.WEBHOOK, Map.of(
        "url", receiver.url("/hook/$CODE?s=$STATUS&n=$NAME"), "method", "POST",
        "body_down", "{\"name\":\"$NAME\",\"status\":\"$STATUS\",\"tags\":\"$TAGS\",\"t2\":\"$TAG2\",\"t9\":\"$TAG9\","
            + "\"desc\":\"$DESC\",\"now\":\"$NOW\",\"slug\":\"$SLUG\",\"body\":$BODY_JSON,\"check\":$JSON}"),
        Map.of("X-Check", "$NAME ($STATUS)"));

    Outcome outcome = new WebhookSender(http).send(webhook, DOWN);

    assertThat(outcome.delivered()).isTrue();
    assertThat(outcome.httpStatus()).isEqualTo(200);
    Receiver.Request r = only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hook/" + UUID + "?s=down&n=nightly%20backup");
    assertThat(r.header("X-Check")).isEqualTo("nightly backup (down)");
    assertThat(r.header("Idempotency-Key")).isEqualTo(UUID + ":down:1767225600000");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo("{\"name\":\"nightly backup\",\"status\":\"down\",\"tags\":\"prod db\",\"t2\":\"db\","
        + "\"t9\":\"\",\"desc\":\"Backs up <the> DB\",\"now\":\"2026-01-01T00:00:00+00:00\",\"slug\":\"nightly-backup\","
        + "\"body\":\"rsync: connection refused\\nexit 23\",\"check\":{\"uuid\":\"" + UUID + "\",\"name\":\"nightly backup\",\"slug\":\"nightly-backup\","
        + "\"tags\":\"prod db\",\"desc\":\"Backs up <the> DB\",\"status\":\"down\","
        + "\"last_ping\":\"2025-12-31T21:55:00Z\",\"ping_url\":\"http://lifeline.test/ping/" + UUID + "\"}}");
  }

  @Test
  void aWebhookWithoutATemplateSendsTheAlertAsJsonAndGetSendsNoBody() throws Exception {
    ChannelDefinition plain = channel(ChannelKind.WEBHOOK, Map.of("url", receiver.url("/plain"), "method", "PUT"), Map.of());
    new WebhookSender(http).send(plain, UP);
    Receiver.Request put = only();
    assertThat(put.method()).isEqualTo("PUT");
    JsonNode body = JSON.readTree(put.body());
    assertThat(body.get("event").asText()).isEqualTo("UP");
    assertThat(body.get("alert_id").asText()).isEqualTo(UP.alertId());
    assertThat(body.get("status").asText()).isEqualTo("up");
    assertThat(body.get("previous_status").asText()).isEqualTo("down");
    assertThat(body.get("check").get("uuid").asText()).isEqualTo(UUID);
    assertThat(body.get("check").get("check_url").asText()).isEqualTo(UP.checkUrl());

    ChannelDefinition get = channel(ChannelKind.WEBHOOK, Map.of("url", receiver.url("/get?c=$CODE"), "method", "GET",
        "body_up", "ignored"), Map.of());
    new WebhookSender(http).send(get, UP);
    Receiver.Request last = receiver.requests().get(1);
    assertThat(last.method()).isEqualTo("GET");
    assertThat(last.path()).isEqualTo("/get?c=" + UUID);
    assertThat(last.body()).isEmpty();
  }

  @Test
  void slackGetsAColouredMessageWithTheCheckLinkLastPingAndTags() throws Exception {
    new SlackSender(http).send(channel(ChannelKind.SLACK, Map.of("url", receiver.url("/services/T/B/X")), Map.of()), DOWN);
    Receiver.Request r = only();
    assertThat(r.header("Idempotency-Key")).isEqualTo(DOWN.alertId());
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("""
        {"text":"\u201cnightly backup\u201d is DOWN (no ping arrived in time).",
         "attachments":[{"color":"#e74c3c","fallback":"\u201cnightly backup\u201d is DOWN (no ping arrived in time).",
           "title":"nightly backup","title_link":"http://lifeline.test/#check=5f0c7c2e-2d1b-4c53-9d76-0c5a2d1e6a11",
           "fields":[{"title":"Status","value":"down","short":true},{"title":"Reason","value":"timeout","short":true},
                     {"title":"Last ping","value":"2025-12-31 21:55:00 UTC","short":true},
                     {"title":"Tags","value":"prod db","short":true}],
           "footer":"Lifeline","ts":1767225600}]}"""));
  }

  @Test
  void telegramGetsSendMessageWithAnEscapedHtmlMessage() throws Exception {
    TelegramSender telegram = new TelegramSender(http, receiver.url(""));
    telegram.send(channel(ChannelKind.TELEGRAM, Map.of("bot_token", "123456:ABC-def_ghi", "chat_id", "-10042"), Map.of()),
        DOWN);
    Receiver.Request r = only();
    assertThat(r.path()).isEqualTo("/bot123456:ABC-def_ghi/sendMessage");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("chat_id").isNumber()).isTrue();
    assertThat(body.get("chat_id").asLong()).isEqualTo(-10042L);
    assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
    assertThat(body.get("text").asText()).isEqualTo("""
        \uD83D\uDEA8 <b>HEARTBEAT LOST</b>

        \u26A0\uFE0F Job: <b>nightly backup</b>
        \uD83D\uDCCB Description: Backs up &lt;the&gt; DB
        \u23F0 Last ping: 2025-12-31 21:55:00 UTC
        \uD83D\uDD50 Silent for: 2h 5m
        \u2699\uFE0F Expected period: 1h
        \u2753 Why: no ping arrived in time
        \uD83C\uDFF7 Tags: prod db

        \uD83D\uDCA1 Check that the cron job or script is running.
        \uD83D\uDD17 Ping URL: <code>http://lifeline.test/ping/5f0c7c2e-2d1b-4c53-9d76-0c5a2d1e6a11</code>""");
  }

  @Test
  void ntfyGetsATitlePriorityTagsAClickLinkAndTheToken() {
    new NtfySender(http).send(channel(ChannelKind.NTFY, Map.of("url", receiver.url("/lifeline-alerts"), "token", "tk_abc"),
        Map.of()), DOWN);
    Receiver.Request r = only();
    assertThat(r.header("Title")).isEqualTo("nightly backup is DOWN");
    assertThat(r.header("Priority")).isEqualTo("urgent");
    assertThat(r.header("Tags")).isEqualTo("rotating_light");
    assertThat(r.header("Click")).isEqualTo(DOWN.checkUrl());
    assertThat(r.header("Authorization")).isEqualTo("Bearer tk_abc");
    assertThat(r.body()).isEqualTo("\u201cnightly backup\u201d is DOWN (no ping arrived in time).\n"
        + "Last ping: 2025-12-31 21:55:00 UTC\nTags: prod db");
  }

  @Test
  void emailGoesOverSmtpWithPlainAndHtmlPartsAndAMessageIdFromTheAlert() throws Exception {
    SmtpSettings smtp = new SmtpSettings("127.0.0.1", SMTP.getSmtp().getPort(), null, null, "lifeline@example.org", "none",
        Duration.ofSeconds(5));
    ChannelDefinition email = channel(ChannelKind.EMAIL, Map.of("to", "ops@example.org, oncall@example.org"), Map.of());

    Outcome outcome = new EmailSender(smtp).send(email, DOWN);

    assertThat(outcome.delivered()).as(String.valueOf(outcome)).isTrue();
    assertThat(outcome.reply()).startsWith("250");
    assertThat(SMTP.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage received = SMTP.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("DOWN | nightly backup");
    assertThat(received.getFrom()[0].toString()).isEqualTo("lifeline@example.org");
    assertThat(received.getMessageID()).isEqualTo(EmailSender.messageId(DOWN.alertId(), email.getId()))
        .isEqualTo("<" + UUID + ".down.1767225600000.7a1c2e4b-5d6f-4a8b-9c0d-1e2f3a4b5c6d@lifeline>");
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat((String) parts.getBodyPart(0).getContent()).contains("Check: nightly backup", "Tags: prod db",
        "Last ping: 2025-12-31 21:55:00 UTC", "Period: 1h, grace 5m");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent()).contains("Backs up &lt;the&gt; DB", "#e74c3c");
  }

  @Test
  void aDownAfterAFailureThresholdSaysHowManyTimesInARow() throws Exception {
    Notice third = new Notice("DOWN", DOWN.alertId(), UUID, DOWN.name(), DOWN.slug(), DOWN.tags(), DOWN.desc(), "down",
        "up", "fail", AT, DOWN.lastPing(), DOWN.pingUrl(), DOWN.checkUrl(), 3600L, null, 300, 3, null);
    assertThat(Messages.headline(third))
        .isEqualTo("\u201cnightly backup\u201d is DOWN (the job reported a failure, 3 times in a row).");
    assertThat(Messages.headline(DOWN)).as("one failure says nothing more").doesNotContain("in a row");
    assertThat(Templates.body("after $FAILURES", third)).isEqualTo("after 3");
    assertThat(JSON.readTree(Templates.defaultBody(third)).get("failures").asInt()).isEqualTo(3);
  }

  @Test
  void answersAreJudgedTransientOrPermanent() {
    ChannelDefinition hook = channel(ChannelKind.WEBHOOK, Map.of("url", receiver.url("/x")), Map.of());
    WebhookSender sender = new WebhookSender(http);
    for (int status : new int[] {500, 502, 503, 408, 429}) {
      receiver.answer(r -> status);
      assertThat(sender.send(hook, DOWN).isTransient()).as("HTTP %d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 404, 410, 301}) {
      receiver.answer(r -> status);
      Outcome outcome = sender.send(hook, DOWN);
      assertThat(outcome.kind()).as("HTTP %d", status).isEqualTo(Outcome.Kind.PERMANENT);
      assertThat(outcome.httpStatus()).isEqualTo(status);
    }
    receiver.close();
    assertThat(sender.send(hook, DOWN).isTransient()).as("connection refused").isTrue();
  }

  @Test
  void aRefusedTargetGetsNoRequestAtAll() {
    HttpTransport strict = new HttpTransport(new TargetGuard(List.of()), Duration.ofSeconds(5));
    Outcome outcome = new WebhookSender(strict).send(
        channel(ChannelKind.WEBHOOK, Map.of("url", receiver.url("/x")), Map.of()), DOWN);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.PERMANENT);
    assertThat(outcome.error()).contains("SSRF", "loopback");
    assertThat(receiver.requests()).isEmpty();
  }
}
