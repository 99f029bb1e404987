package io.lifeline.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every record schema, keyed by fingerprint. Released versions live in
 * {@code io/lifeline/schemas/history/} and are listed in its {@code index}. A decoder also knows its
 * own current schema, so an unreleased change still reads what it writes.
 */
public final class SchemaHistory implements SchemaStore {

  private static final String HISTORY = "io/lifeline/schemas/history/";
  private static final SchemaHistory INSTANCE = load();

  private final SchemaStore.Cache cache = new SchemaStore.Cache();

  private SchemaHistory() {}

  public static SchemaHistory instance() {
    return INSTANCE;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return cache.findByFingerprint(fingerprint);
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static SchemaHistory load() {
    SchemaHistory history = new SchemaHistory();
    for (String file : resourceLines(HISTORY + "index")) {
      history.cache.addSchema(new Schema.Parser().parse(resource(HISTORY + file)));
    }
    return history;
  }

  private static List<String> resourceLines(String name) {
    return resource(name).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String resource(String name) {
    try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
