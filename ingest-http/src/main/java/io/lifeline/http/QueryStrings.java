package io.lifeline.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A query string must decode: the framework drops a parameter with a malformed {@code %}-escape or
 * bytes that are not UTF-8, so {@code ?rid=%zz} would be a ping without its run id and
 * {@code ?tag=%zz} a list without its filter. Checked before any route runs, and refused naming the
 * parameter.
 */
final class QueryStrings {

  private QueryStrings() {}

  static void requireWellFormed(String query) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String decodedName = decoded(name);
      if (decodedName == null) {
        throw ApiError.badRequest("query", "the query has a parameter name that is not well-formed UTF-8 "
            + "percent-encoding");
      }
      if (equals >= 0 && decoded(pair.substring(equals + 1)) == null) {
        throw ApiError.badRequest(decodedName, decodedName + " is not well-formed UTF-8 percent-encoding");
      }
    }
  }

  /** The decoded text, or null when an escape is malformed or the bytes are not UTF-8. */
  private static String decoded(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
            || Character.digit(encoded.charAt(i + 2), 16) < 0) {
          return null;
        }
        bytes.write(Character.digit(encoded.charAt(i + 1), 16) << 4 | Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
