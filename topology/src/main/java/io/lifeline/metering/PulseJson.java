package io.lifeline.metering;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How pulse bodies are read as JSON: every number as an exact decimal, never through a binary float. */
public final class PulseJson {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PulseJson() {}
}
