package io.lifeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.schemas.format.AvroJson;
import io.lifeline.schemas.internal.CheckState;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each released schema version is frozen in test resources with a record it wrote. The current
 * reader must still decode that record to the same values; a backward-incompatible change to an
 * {@code .avsc} fails here.
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Every frozen version of every record type: one per topic value type (topics that share a type
   * share its versions), and the monitor's {@link CheckState}, whose store outlives a release.
   */
  static Stream<Arguments> frozenVersions() {
    java.util.Set<Class<?>> types = new java.util.LinkedHashSet<>();
    Topics.ALL.forEach(t -> types.add(((AvroSerde<?>) t.valueSerde()).type()));
    types.add(CheckState.class);
    List<Arguments> versions = new ArrayList<>();
    for (Class<?> type : types) {
      for (int v = 1; SchemaCompatibilityTest.class.getClassLoader()
          .getResource("compat/" + type.getSimpleName() + "/v" + v + ".avsc") != null; v++) {
        versions.add(Arguments.of(type.getSimpleName(), v, type));
      }
    }
    return versions.stream();
  }

  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("frozenVersions")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void currentReaderDecodesEveryFrozenVersion(String name, int version, Class<?> type) throws IOException {
    AvroSerde<?> serde = new AvroSerde(type);
    String frozenAt = "compat/" + name + "/v" + version;
    Schema frozen = new Schema.Parser().parse(resource(frozenAt + ".avsc"));

    assertThat(SchemaHistory.instance().findByFingerprint(SchemaHistory.fingerprint(frozen)))
        .as("released %s v%d is still in the SchemaStore", name, version)
        .isNotNull();

    Object decoded = serde.decode(resourceBytes(frozenAt + ".bin"));
    JsonNode expected = JSON.readTree(resource(frozenAt + ".json"));
    JsonNode actual = JSON.readTree(AvroJson.toJson((IndexedRecord) decoded).toString());
    assertKeeps(expected, actual, name + " v" + version);
  }

  /** Every field the old version wrote reads back the same; fields added since (nested ones too) may be there as well. */
  private static void assertKeeps(JsonNode expected, JsonNode actual, String path) {
    if (!expected.isObject()) {
      assertThat(actual).as(path).isEqualTo(expected);
      return;
    }
    assertThat(actual).as(path).isNotNull();
    expected.fieldNames().forEachRemaining(field -> assertKeeps(expected.get(field), actual.get(field), path + "." + field));
  }

  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("frozenVersions")
  void theCurrentSchemaIsReleased(String name, int version, Class<?> type) throws Exception {
    Schema current = (Schema) type.getField("SCHEMA$").get(null);
    assertThat(SchemaHistory.instance().findByFingerprint(SchemaHistory.fingerprint(current)))
        .as("the current %s schema is in history/ and its index: records this version writes must stay readable", name)
        .isNotNull();
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
