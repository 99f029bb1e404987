package io.lifeline.metering;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads pulse items from a request body as a stream: one JSON object, a JSON array of objects, or
 * NDJSON. Each item is read as a tree whose numbers are exact ({@code USE_BIG_DECIMAL_FOR_FLOATS}).
 * Malformed JSON ends an array at the item where it broke; NDJSON lines are independent, so every
 * bad line is reported.
 */
public final class PulseReader {

  private final ObjectMapper mapper;

  public PulseReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** One object, or (when {@code arrays}) an array of objects. */
  public ParsedBody json(InputStream body, boolean arrays, ItemReader item)
      throws IOException {
    ParsedBody parsed = new ParsedBody();
    int index = 0;
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        parsed.errors().add(new ItemError(0, null, "the body is empty; send a JSON object"
            + (arrays ? " or an array of them" : "")));
        return parsed;
      }
      if (first == JsonToken.START_ARRAY && arrays) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          add(parsed, index, mapper.readTree(parser), item);
          index++;
        }
        if (index == 0) {
          parsed.errors().add(new ItemError(0, null, "the array is empty"));
        }
      } else {
        add(parsed, index, mapper.readTree(parser), item);
        index++;
      }
      if (parser.nextToken() != null) {
        parsed.errors().add(new ItemError(index, null, "unexpected content after the JSON value"));
      }
    } catch (StreamReadException e) {
      parsed.errors().add(new ItemError(index, null, malformed(e)));
    }
    return parsed;
  }

  /** Newline-delimited JSON: one object per line; blank lines are skipped. */
  public ParsedBody ndjson(InputStream body, ItemReader item) throws IOException {
    ParsedBody parsed = new ParsedBody();
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
    int index = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      try {
        add(parsed, index, mapper.readTree(line), item);
      } catch (StreamReadException e) {
        parsed.errors().add(new ItemError(index, null, malformed(e)));
      }
      index++;
    }
    if (index == 0) {
      parsed.errors().add(new ItemError(0, null, "the body holds no pulse"));
    }
    return parsed;
  }

  private static void add(ParsedBody parsed, int index, JsonNode node,
      ItemReader item) {
    if (node instanceof ObjectNode object) {
      PulseInput input = item.read(index, object, parsed.errors());
      if (input != null) {
        parsed.items().add(input);
      }
    } else {
      parsed.errors().add(new ItemError(index, null, "must be a JSON object"));
    }
  }

  static String malformed(StreamReadException e) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline);
    var where = e.getLocation();
    return "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr() + " column " + where.getColumnNr())
        + ": " + message;
  }
}
