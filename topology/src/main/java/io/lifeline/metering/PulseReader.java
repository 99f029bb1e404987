package io.lifeline.metering;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * Reads pulse items from a request body as a stream: one JSON object, a JSON array of objects, or
 * NDJSON, all strictly ({@link PulseJson}). Each item is read as a tree whose numbers are exact.
 * Unreadable JSON ends an array at the item where it broke, naming the field it broke in; NDJSON
 * lines are independent, so every bad line is reported, and a line holds exactly one JSON value.
 */
public final class PulseReader {

  /** What a JSON body may hold. */
  public enum Shape {
    OBJECT("a JSON object"),
    OBJECT_OR_ARRAY("a JSON object or an array of them"),
    ARRAY("a JSON array of objects");

    private final String description;

    Shape(String description) {
      this.description = description;
    }
  }

  private final ObjectMapper mapper;

  public PulseReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** One object, or an array of objects, as {@code shape} says. */
  public ParsedBody json(InputStream body, Shape shape, ItemReader item) throws IOException {
    ParsedBody parsed = new ParsedBody();
    int index = 0;
    JsonParser parser = mapper.createParser(PulseJson.strictUtf8(body));
    try (parser) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        parsed.errors().add(new ItemError(0, null, "the body is empty; send " + shape.description));
        return parsed;
      }
      if ((first == JsonToken.START_ARRAY) != (shape == Shape.ARRAY) && shape != Shape.OBJECT_OR_ARRAY) {
        parsed.errors().add(new ItemError(0, null, "the body must be " + shape.description));
        return parsed;
      }
      if (first == JsonToken.START_ARRAY) {
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
    } catch (IOException | NumberFormatException | ArithmeticException e) {
      parsed.errors().add(Unreadable.error(index, parser, e));
    }
    return parsed;
  }

  /** Newline-delimited JSON: exactly one object per line; blank lines are skipped. */
  public ParsedBody ndjson(InputStream body, ItemReader item) throws IOException {
    ParsedBody parsed = new ParsedBody();
    BufferedReader lines = new BufferedReader(PulseJson.strictUtf8(body), 64 * 1024);
    int index = 0;
    String line;
    try {
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        line(parsed, index, line, item);
        index++;
      }
    } catch (CharacterCodingException e) {
      parsed.errors().add(Unreadable.error(index, null, e));
      return parsed;
    }
    if (index == 0) {
      parsed.errors().add(new ItemError(0, null, "the body holds no pulse"));
    }
    return parsed;
  }

  private void line(ParsedBody parsed, int index, String line, ItemReader item) throws IOException {
    JsonParser parser = mapper.createParser(line);
    JsonNode node;
    boolean oneValue;
    try (parser) {
      node = mapper.readTree(parser);
      oneValue = endsAfterOneValue(parser);
    } catch (IOException | NumberFormatException | ArithmeticException e) {
      parsed.errors().add(Unreadable.error(index, parser, e));
      return;
    }
    if (!oneValue) {
      parsed.errors().add(new ItemError(index, null,
          "a line must hold exactly one JSON value; this one has more after it, which would be lost"));
      return;
    }
    add(parsed, index, node, item);
  }

  private static boolean endsAfterOneValue(JsonParser parser) {
    try {
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static void add(ParsedBody parsed, int index, JsonNode node, ItemReader item) {
    if (node instanceof ObjectNode object) {
      PulseInput input = item.read(index, object, parsed.errors());
      if (input != null) {
        parsed.items().add(input);
      }
    } else {
      parsed.errors().add(new ItemError(index, null, "must be a JSON object"));
    }
  }
}
