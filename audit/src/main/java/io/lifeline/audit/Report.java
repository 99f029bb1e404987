package io.lifeline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A replay's findings for people (stdout) and machines ({@code --json}): what was read, the settings,
 * the tallies, and every difference with both sides.
 */
final class Report {

  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

  private final ObjectNode root = JSON.objectNode();
  private final StringBuilder lines = new StringBuilder();

  Report(String replay) {
    root.put("replay", replay);
  }

  static JsonNode text(String value) {
    return JSON.textNode(value);
  }

  static JsonNode decimal(double value) {
    return JSON.numberNode(Math.round(value * 1000) / 1000.0);
  }

  /** An object of name, value pairs; values shown as text, nulls left out. */
  static ObjectNode object(Object... namesAndValues) {
    ObjectNode node = JSON.objectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        node.put((String) namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
      }
    }
    return node;
  }

  Report number(String name, long value) {
    root.put(name, value);
    return this;
  }

  Report line(String text) {
    lines.append(text).append('\n');
    return this;
  }

  void set(String name, JsonNode node) {
    root.set(name, node);
  }

  /** The tallies and every difference; returns whether there was none. */
  boolean comparison(Comparison comparison) {
    var tallies = root.putArray("compared");
    for (Comparison.Tally t : comparison.tallies()) {
      tallies.addObject().put("category", t.category()).put("records", t.compared()).put("equal", t.equal());
      lines.append(String.format(Locale.ROOT, "compared %,d %s: %,d equal%n", t.compared(), t.category(), t.equal()));
    }
    long missing = comparison.count(Comparison.Kind.MISSING);
    long extra = comparison.count(Comparison.Kind.EXTRA);
    long different = comparison.count(Comparison.Kind.DIFFERENT);
    root.put("missing", missing).put("extra", extra).put("different", different);
    lines.append(String.format(Locale.ROOT, "missing %,d, extra %,d, different %,d%n", missing, extra, different));
    var list = root.putArray("differences");
    for (Comparison.Difference d : comparison.differences()) {
      ObjectNode node = list.addObject();
      node.put("kind", d.kind().name().toLowerCase(Locale.ROOT)).put("category", d.category()).put("key", d.key());
      node.set("emitted", d.emitted());
      node.set("rederived", d.rederived());
      lines.append(d.kind()).append(' ').append(d.category()).append(' ').append(d.key()).append('\n');
      if (d.emitted() != null) {
        lines.append("  emitted:    ").append(d.emitted()).append('\n');
      }
      if (d.rederived() != null) {
        lines.append("  re-derived: ").append(d.rederived()).append('\n');
      }
    }
    long total = missing + extra + different;
    root.put("differencesTotal", total);
    lines.append(total == 0 ? "no differences" : String.format(Locale.ROOT, "%,d difference%s", total,
        total == 1 ? "" : "s")).append('\n');
    return total == 0;
  }

  void print(PrintWriter out) {
    out.print(lines);
    out.flush();
  }

  void write(Path json) {
    if (json == null) {
      return;
    }
    try {
      Files.writeString(json, MAPPER.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
