package io.lifeline.metering;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Why a JSON body could not be read, in the sender's terms: the item, the field the parser was in (such
 * as {@code amount} or {@code attributes.region}), and what was wrong there.
 */
public final class Unreadable {

  private static final int MAX_PATH_SEGMENTS = 3;

  private Unreadable() {}

  public static ItemError error(int index, JsonParser parser, Exception e) {
    if (e instanceof CharacterCodingException) {
      return new ItemError(index, null,
          "the body is not valid UTF-8 (a malformed, overlong or surrogate byte sequence); nothing after it was read");
    }
    String field = parser == null ? null : fieldAt(parser.getParsingContext());
    if (e instanceof NumberFormatException || e instanceof ArithmeticException) {
      return new ItemError(index, field, "is a number that cannot be read exactly (its exponent is out of range)");
    }
    if (e instanceof StreamConstraintsException limit) {
      String message = limit.getOriginalMessage();
      if (message.contains("nesting depth")) {
        return new ItemError(index, field, "is nested deeper than " + PulseJson.MAX_NESTING + " levels");
      }
      if (message.contains("Number value length")) {
        return new ItemError(index, field, "is a number longer than " + PulseJson.MAX_NUMBER_LENGTH + " characters");
      }
      if (message.contains("Name length")) {
        return new ItemError(index, field, "has a key longer than " + PulseJson.MAX_NAME_LENGTH + " characters");
      }
      return new ItemError(index, field, firstLine(message));
    }
    if (e instanceof JsonProcessingException json) {
      if (json.getOriginalMessage().startsWith("Duplicate field")) {
        return new ItemError(index, field, "appears twice in the same object; send each field once");
      }
      return new ItemError(index, null, malformed(json));
    }
    return new ItemError(index, null, "the body could not be read: " + firstLine(String.valueOf(e.getMessage())));
  }

  /** The names of the objects the parser is in, outermost first; array positions are left out. */
  private static String fieldAt(JsonStreamContext context) {
    Deque<String> names = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        names.push(c.getCurrentName());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    int segments = 0;
    for (String name : names) {
      if (segments == MAX_PATH_SEGMENTS) {
        return path.append(".…").toString();
      }
      path.append(segments++ == 0 ? "" : ".").append(name);
    }
    return path.toString();
  }

  private static String malformed(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    return "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr() + " column " + where.getColumnNr())
        + ": " + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
