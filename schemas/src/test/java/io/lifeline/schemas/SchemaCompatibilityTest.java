package io.lifeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.schemas.format.AvroJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each released schema version is frozen in test resources with a record it wrote. The current
 * reader must still decode that record to the same values; a backward-incompatible change to an
 * {@code .avsc} fails here.
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One topic per record type: topics that share a type share its frozen versions. */
  static Stream<Topic<String, ?>> topics() {
    java.util.Set<Class<?>> seen = new java.util.HashSet<>();
    return Topics.ALL.stream().filter(t -> seen.add(((AvroSerde<?>) t.valueSerde()).type()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void currentReaderDecodesEveryFrozenVersion(Topic<String, ?> topic) throws IOException {
    AvroSerde<?> serde = (AvroSerde<?>) topic.valueSerde();
    String name = serde.type().getSimpleName();
    Schema frozen = new Schema.Parser().parse(resource("compat/" + name + "/v1.avsc"));

    assertThat(SchemaHistory.instance().findByFingerprint(SchemaHistory.fingerprint(frozen)))
        .as("released %s v1 is still in the SchemaStore", name)
        .isNotNull();

    Object decoded = serde.decode(resourceBytes("compat/" + name + "/v1.bin"));
    JsonNode expected = JSON.readTree(resource("compat/" + name + "/v1.json"));
    JsonNode actual = JSON.readTree(AvroJson.toJson((IndexedRecord) decoded).toString());
    expected.fieldNames().forEachRemaining(field ->
        assertThat(actual.get(field)).as("%s.%s", name, field).isEqualTo(expected.get(field)));
  }

  private static String resource(String path) throws IOException {
    return new String(resourceBytes(path), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] resourceBytes(String path) throws IOException {
    try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as("frozen resource %s", path).isNotNull();
      return in.readAllBytes();
    }
  }
}
