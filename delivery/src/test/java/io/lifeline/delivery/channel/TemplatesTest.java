package io.lifeline.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last ping's body in webhook templates, where and how healthchecks substitutes it. */
class TemplatesTest {

  private static final String UUID = "5f0c7c2e-2d1b-4c53-9d76-0c5a2d1e6a11";
  private static final String OUTPUT = "tar: \"/srv\": Cannot open\n$NAME is not expanded again";

  private static Notice down(String body) {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return new Notice("DOWN", UUID + ":down:1767225600000", UUID, "nightly \"backup\"", "nightly-backup", List.of(),
        "", "down", "up", "fail", at, at, "http://lifeline.test/ping/" + UUID, "http://lifeline.test/#check=" + UUID,
        3600L, null, 300, 0, body);
  }

  @Test
  void bodyIsTheLastPingsBodyAsSentInARequestBody() {
    assertThat(Templates.body("output: $BODY", down(OUTPUT))).isEqualTo("output: " + OUTPUT);
  }

  @Test
  void bodyJsonAndNameJsonAreJsonStringsSoATemplateStaysValidJson() throws Exception {
    String json = Templates.body("{\"name\":$NAME_JSON,\"output\":$BODY_JSON}", down(OUTPUT));
    var parsed = new ObjectMapper().readTree(json);
    assertThat(parsed.get("output").asText()).isEqualTo(OUTPUT);
    assertThat(parsed.get("name").asText()).isEqualTo("nightly \"backup\"");
  }

  @Test
  void withoutABodyBothAreEmpty() {
    assertThat(Templates.body("[$BODY]$BODY_JSON", down(null))).isEqualTo("[]\"\"");
  }

  @Test
  void aUrlOrAHeaderLeavesTheBodyPlaceholdersAsWritten() {
    assertThat(Templates.url("http://hook.test/$CODE?out=$BODY&j=$BODY_JSON", down(OUTPUT)))
        .isEqualTo("http://hook.test/" + UUID + "?out=$BODY&j=$BODY_JSON");
    assertThat(Templates.header("$STATUS $BODY", down(OUTPUT))).isEqualTo("down $BODY");
  }

  @Test
  void theDefaultBodyCarriesTheLastPingsBody() throws Exception {
    var json = new ObjectMapper().readTree(Templates.defaultBody(down(OUTPUT)));
    assertThat(json.get("body").asText()).isEqualTo(OUTPUT);
    assertThat(new ObjectMapper().readTree(Templates.defaultBody(down(null))).get("body").isNull()).isTrue();
  }
}
