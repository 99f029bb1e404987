package io.lifeline.metering;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * How pulse bodies are read as JSON. A billing system may not guess: every number is an exact
 * decimal, never a binary float; a key given twice is an error rather than "the last one wins"; bytes
 * that are not UTF-8 are an error rather than a replacement character or an overlong {@code /}; and
 * nesting and number length are bounded far below Jackson's defaults, since a pulse is flat.
 */
public final class PulseJson {

  /** A pulse is an object holding {@code attributes} or CloudEvents' {@code data}: three levels deep. */
  public static final int MAX_NESTING = 16;
  /** An amount has at most 18 significant digits and 9 decimals; 100 characters leave room for zeros. */
  public static final int MAX_NUMBER_LENGTH = 100;
  /** Field names are short; a megabyte of key is an attack, not a field. */
  public static final int MAX_NAME_LENGTH = 256;

  public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING)
              .maxNumberLength(MAX_NUMBER_LENGTH)
              .maxNameLength(MAX_NAME_LENGTH)
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private PulseJson() {}

  /**
   * The body as characters, failing with a {@link java.nio.charset.CharacterCodingException} at the
   * first malformed, overlong or surrogate byte sequence; the JDK's decoder is strict where Jackson's
   * byte parser is lenient.
   */
  public static Reader strictUtf8(InputStream body) {
    return new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder());
  }
}
