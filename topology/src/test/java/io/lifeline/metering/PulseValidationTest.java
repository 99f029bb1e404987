package io.lifeline.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.schemas.Pulse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PulseValidationTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final PulseRules rules = new PulseRules(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));
  private final PulseReader reader = new PulseReader(PulseJson.MAPPER);

  @Test
  void amountsStayExactFromNumbersAndStrings() throws IOException {
    Result r = pulses("[{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":0.1},"
        + "{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":\"0.2\"},"
        + "{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":123456789.123456789},"
        + "{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1e3},"
        + "{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":307}]");
    assertThat(r.errors).isEmpty();
    assertThat(r.pulses).extracting(p -> p.getAmount().toPlainString())
        .containsExactly("0.100000000", "0.200000000", "123456789.123456789", "1000.000000000", "307.000000000");
  }

  @ParameterizedTest(name = "amount {0}")
  @CsvSource(delimiter = '|', value = {
      "-1|must not be negative",
      "-0.000000001|must not be negative",
      "\"NaN\"|finite decimal number",
      "\"Infinity\"|finite decimal number",
      "\"-Infinity\"|finite decimal number",
      "1234567890123456789|more than 18 significant digits",
      "123456789.1234567891|more than 9 digits after the decimal point",
      "0.0000000001|more than 9 digits after the decimal point",
      "1e30|more than 18 significant digits",
      "1E+999999999|more than 18 significant digits",
      "\"12abc\"|finite decimal number",
      "true|must be a number",
      "{}|must be a number",
      "null|is required"})
  void badAmountsAreRejectedByName(String amount, String message) throws IOException {
    Result r = pulses("{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":" + amount + "}");
    assertThat(r.pulses).isEmpty();
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.message()).contains(message);
    });
  }

  @Test
  void nonStandardNumberLiteralsAreMalformedJson() throws IOException {
    for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
      Result r = pulses("{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":" + literal + "}");
      assertThat(r.errors).singleElement().satisfies(e -> assertThat(e.message()).startsWith("malformed JSON"));
    }
  }

  @ParameterizedTest(name = "tenant {0}")
  @CsvSource(delimiter = '|', value = {
      "\"\"|must not be empty",
      "\"a b\"|may contain only",
      "\"t\\u0000x\"|may contain only",
      "\"t\\nx\"|may contain only",
      "\"tenant/x\"|may contain only",
      "\"tenänt\"|may contain only",
      "42|must be a string",
      "[\"a\"]|must be a string"})
  void badTenantsAreRejectedByName(String tenant, String message) throws IOException {
    Result r = pulses("{\"tenant\":" + tenant + ",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}");
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("tenant");
      assertThat(e.message()).contains(message);
    });
  }

  @Test
  void namesMayHave128CharactersButNot200() throws IOException {
    assertThat(pulses(pulse("a".repeat(128), "1")).errors).isEmpty();
    Result r = pulses(pulse("a".repeat(200), "1"));
    assertThat(r.errors).singleElement().satisfies(e -> assertThat(e.message()).contains("at most 128"));
  }

  @ParameterizedTest(name = "timestamp {0}")
  @CsvSource(delimiter = '|', value = {
      "\"2026-03-01T12:06:00Z\"|in the future",
      "\"2030-01-01T00:00:00Z\"|in the future",
      "\"2026-02-21T11:59:59Z\"|older than DEDUP_RETENTION",
      "\"yesterday\"|ISO-8601",
      "\"2026-03-01T12:00:00\"|ISO-8601",
      "true|ISO-8601"})
  void badTimestampsAreRejected(String timestamp, String message) throws IOException {
    Result r = pulses("{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,\"timestamp\":" + timestamp + "}");
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("timestamp");
      assertThat(e.message()).contains(message);
    });
  }

  @Test
  void timestampsWithinBoundsAndMissingOnesAreAccepted() throws IOException {
    Result r = pulses("[{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,\"timestamp\":\"2026-03-01T13:04:00+01:00\"},"
        + "{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,\"timestamp\":" + NOW.minus(Duration.ofDays(6)).toEpochMilli() + "},"
        + "{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}]");
    assertThat(r.errors).isEmpty();
    assertThat(r.pulses).extracting(Pulse::getOccurredAt)
        .containsExactly(Instant.parse("2026-03-01T12:04:00Z"), NOW.minus(Duration.ofDays(6)), NOW);
  }

  @Test
  void everyBadItemIsListedWithItsIndexAndField() throws IOException {
    Result r = pulses("[" + pulse("ok", "1") + ",{\"tenant\":\"\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":-1},"
        + pulse("ok", "2") + ",{\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1},42]");
    assertThat(r.errors).extracting(ItemError::index, ItemError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(1, "tenant"), org.assertj.core.groups.Tuple.tuple(1, "amount"),
        org.assertj.core.groups.Tuple.tuple(3, "tenant"), org.assertj.core.groups.Tuple.tuple(4, null));
  }

  @Test
  void truncatedJsonIsReportedAtTheItemWhereItBroke() throws IOException {
    Result r = pulses("[" + pulse("a", "1") + "," + pulse("b", "2") + ",{\"tenant\":\"c\",\"amou");
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(2);
      assertThat(e.message()).startsWith("malformed JSON");
    });
  }

  @Test
  void ndjsonReportsEveryBadLine() throws IOException {
    String body = pulse("a", "1") + "\n{broken\n\n" + pulse("b", "-2") + "\n" + pulse("c", "3") + "\n";
    List<ItemError> errors = new ArrayList<>();
    ParsedBody parsed = reader.ndjson(stream(body), PulseFormat.NATIVE::read);
    parsed.items().forEach(i -> rules.validate(i, errors));
    errors.addAll(parsed.errors());
    assertThat(errors).extracting(ItemError::index).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void theOriginalFormatUsesItsOwnFieldNames() throws IOException {
    ParsedBody parsed = reader.json(stream(
        "{\"tenant_id\":\"tenant_xpto\",\"product_sku\":\"SKU-77\",\"used_amount\":-307,\"use_unity\":\"KB\"}"),
        PulseReader.Shape.OBJECT, PulseFormat.ORIGINAL::read);
    List<ItemError> errors = new ArrayList<>();
    assertThat(rules.validate(parsed.items().get(0), errors)).isNull();
    assertThat(errors).extracting(ItemError::field).containsExactly("used_amount");
  }

  @Test
  void cloudEventsMapSubjectDataAndSourcePlusId() throws IOException {
    String event = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/billing/api\",\"type\":\"usage\","
        + "\"subject\":\"acme\",\"time\":\"2026-03-01T11:59:00Z\",\"data\":{\"sku\":\"S\",\"amount\":\"0.1\",\"unit\":\"KB\"}}";
    ParsedBody parsed = reader.json(stream("[" + event + "]"), PulseReader.Shape.ARRAY, new CloudEventPulses(PulseJson.MAPPER));
    List<ItemError> errors = new ArrayList<>(parsed.errors());
    Pulse pulse = rules.validate(parsed.items().get(0), errors);
    assertThat(errors).isEmpty();
    assertThat(pulse.getId()).isEqualTo("/billing/api e-1");
    assertThat(pulse.getTenant()).isEqualTo("acme");
    assertThat(pulse.getAmount().toPlainString()).isEqualTo("0.100000000");
    assertThat(pulse.getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T11:59:00Z"));
  }

  @Test
  void invalidCloudEventsNameTheAttribute() throws IOException {
    String noId = "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"usage\",\"subject\":\"acme\","
        + "\"data\":{\"sku\":\"S\",\"amount\":1,\"unit\":\"KB\"}}";
    String noSubject = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"usage\","
        + "\"data\":{\"sku\":\"S\",\"amount\":1,\"unit\":\"KB\"}}";
    ParsedBody parsed = reader.json(stream("[" + noId + "," + noSubject + "]"), PulseReader.Shape.ARRAY, new CloudEventPulses(PulseJson.MAPPER));
    List<ItemError> errors = new ArrayList<>(parsed.errors());
    parsed.items().forEach(i -> rules.validate(i, errors));
    assertThat(errors).extracting(ItemError::index, ItemError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(0, "id"), org.assertj.core.groups.Tuple.tuple(1, "subject"));
  }

  @ParameterizedTest(name = "amount {0}")
  @CsvSource(delimiter = '|', value = {
      "1e2147483648|exponent is out of range",
      "1e-2147483648|exponent is out of range",
      "1E+2147483647999|exponent is out of range",
      "-1e-9999999999|exponent is out of range"})
  void amountsJacksonCannotReadExactlyAre400sNamingTheField(String amount, String message) throws IOException {
    Result r = pulses("[" + pulse("ok", "1") + ",{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":" + amount + "}]");
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(1);
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.message()).contains(message);
    });
  }

  @Test
  void aThousandDigitAmountIsRefusedByNameNotByAnInternalError() throws IOException {
    Result r = pulses(pulse("acme", "1" + "0".repeat(1_001)));
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.message()).contains("longer than " + PulseJson.MAX_NUMBER_LENGTH + " characters");
    });
  }

  @Test
  void deepNestingIsRefusedInsideOneFieldAndOneNdjsonLine() throws IOException {
    String deep = "[".repeat(1_001) + "]".repeat(1_001);
    Result r = pulses("{\"tenant\":\"acme\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,\"attributes\":{\"x\":" + deep + "}}");
    assertThat(r.errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("attributes.x");
      assertThat(e.message()).contains("nested deeper than " + PulseJson.MAX_NESTING);
    });
    ParsedBody ndjson = reader.ndjson(stream(pulse("a", "1") + "\n" + deep + "\n"), PulseFormat.NATIVE::read);
    assertThat(ndjson.errors()).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(1);
      assertThat(e.message()).contains("nested deeper");
    });
  }

  @ParameterizedTest(name = "line {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1} garbage`",
      "`{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":2}`",
      "`{\"tenant\":\"a\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1} 2`"})
  void anNdjsonLineHoldsExactlyOneValueOrTheRequestFails(String line) throws IOException {
    ParsedBody parsed = reader.ndjson(stream(pulse("ok", "1") + "\n" + line + "\n"), PulseFormat.NATIVE::read);
    assertThat(parsed.items()).as("the first value of the bad line is not taken").hasSize(1);
    assertThat(parsed.errors()).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(1);
      assertThat(e.message()).contains("exactly one JSON value");
    });
  }

  @Test
  void aDuplicateKeyIsAnErrorNamingTheKeyNotALastOneWins() throws IOException {
    ParsedBody parsed = reader.json(stream("{\"tenant_id\":\"t\",\"product_sku\":\"S\",\"used_amount\":1,"
        + "\"use_unity\":\"KB\",\"used_amount\":1000000}"), PulseReader.Shape.OBJECT, PulseFormat.ORIGINAL::read);
    assertThat(parsed.items()).isEmpty();
    assertThat(parsed.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("used_amount");
      assertThat(e.message()).contains("twice");
    });
    ParsedBody nested = reader.ndjson(stream("{\"tenant\":\"t\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,"
        + "\"attributes\":{\"r\":\"eu\",\"r\":\"us\"}}\n"), PulseFormat.NATIVE::read);
    assertThat(nested.errors()).extracting(ItemError::field).containsExactly("attributes.r");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedNotDecodedAsSomethingElse() throws IOException {
    byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
    for (byte[] bad : List.of(overlongSlash, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
      byte[] body = concat("{\"tenant\":\"a".getBytes(StandardCharsets.UTF_8), bad,
          "b\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}\n".getBytes(StandardCharsets.UTF_8));
      ParsedBody json = reader.json(new ByteArrayInputStream(body), PulseReader.Shape.OBJECT_OR_ARRAY, PulseFormat.NATIVE::read);
      assertThat(json.items()).isEmpty();
      assertThat(json.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not valid UTF-8"));
      ParsedBody ndjson = reader.ndjson(new ByteArrayInputStream(body), PulseFormat.NATIVE::read);
      assertThat(ndjson.items()).isEmpty();
      assertThat(ndjson.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not valid UTF-8"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"subject\":true`|subject",
      "`\"subject\":\"acme\",\"time\":1772366340000`|time",
      "`\"subject\":\"acme\",\"time\":\"yesterday\"`|time",
      "`\"subject\":\"acme\",\"datacontenttype\":5`|datacontenttype",
      "`\"subject\":\"acme\",\"Bad-Ext\":\"x\"`|Bad-Ext",
      "`\"subject\":\"acme\",\"data_base64\":\"AA==\"`|data"})
  void cloudEventErrorsNameTheAttributeAtFault(String attributes, String field) throws IOException {
    String event = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"usage\"," + attributes
        + ",\"data\":{\"sku\":\"S\",\"amount\":1,\"unit\":\"KB\"}}";
    ParsedBody parsed = reader.json(stream(event), PulseReader.Shape.OBJECT, new CloudEventPulses(PulseJson.MAPPER));
    List<ItemError> errors = new ArrayList<>(parsed.errors());
    parsed.items().forEach(i -> rules.validate(i, errors));
    assertThat(errors).extracting(ItemError::field).containsExactly(field);
  }

  @Test
  void aBinaryModeEventTakesItsAttributesFromHeadersAndNamesThemInErrors() throws IOException {
    CloudEventPulses events = new CloudEventPulses(PulseJson.MAPPER);
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(java.util.Map.of(
        "specversion", "1.0", "id", "e-7", "source", "/billing", "type", "usage", "subject", "acme",
        "time", "2026-03-01T11:59:00Z"));
    ParsedBody parsed = events.binary(headers, "application/json",
        stream("{\"sku\":\"S\",\"amount\":\"2.5\",\"unit\":\"KB\"}"), reader);
    List<ItemError> errors = new ArrayList<>(parsed.errors());
    Pulse pulse = rules.validate(parsed.items().get(0), errors);
    assertThat(errors).isEmpty();
    assertThat(pulse.getId()).isEqualTo("/billing e-7");
    assertThat(pulse.getTenant()).isEqualTo("acme");
    assertThat(pulse.getAmount().stripTrailingZeros().toPlainString()).isEqualTo("2.5");

    headers.put("subject", "not a tenant");
    ParsedBody bad = events.binary(headers, "application/json",
        stream("{\"sku\":\"S\",\"amount\":\"2.5\",\"unit\":\"KB\"}"), reader);
    List<ItemError> badErrors = new ArrayList<>(bad.errors());
    bad.items().forEach(i -> rules.validate(i, badErrors));
    assertThat(badErrors).extracting(ItemError::field).containsExactly("ce-subject");
  }

  @Test
  void aHundredThousandItemArrayIsReadAndValidated() throws IOException {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"tenant\":\"t").append(i % 10).append("\",\"sku\":\"s\",\"unit\":\"u\",\"amount\":0.1}");
    }
    body.append(']');
    assertThat(body.length()).as("fits the default INGEST_BODY_LIMIT of 5 MiB").isLessThan(5 * 1024 * 1024);
    Result r = pulses(body.toString());
    assertThat(r.errors).isEmpty();
    assertThat(r.pulses).hasSize(100_000);
  }

  private Result pulses(String json) throws IOException {
    ParsedBody parsed = reader.json(stream(json), PulseReader.Shape.OBJECT_OR_ARRAY, PulseFormat.NATIVE::read);
    Result r = new Result();
    r.errors.addAll(parsed.errors());
    for (PulseInput item : parsed.items()) {
      Pulse p = rules.validate(item, r.errors);
      if (p != null) {
        r.pulses.add(p);
      }
    }
    return r;
  }

  private static String pulse(String tenant, String amount) {
    return "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":" + amount + "}";
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Result {
    final List<Pulse> pulses = new ArrayList<>();
    final List<ItemError> errors = new ArrayList<>();
  }
}
