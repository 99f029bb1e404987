package io.lifeline.http.metering;

import io.lifeline.metering.CloudEventPulses;
import io.lifeline.metering.ParsedBody;
import io.lifeline.metering.PulseFormat;
import io.lifeline.metering.PulseReader;
import io.lifeline.metering.PulseReader.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The three ingest endpoints: their paths, the media types each takes, how each reads its body, and
 * what each answers: 202 with the ids, or 204 on {@code /api/v1/events}, as OpenMeter answers (its
 * SDKs check for it).
 */
enum IngestEndpoint {
  ORIGINAL("/ingest", List.of("application/json"), 202),
  PULSES("/api/v1/pulses", List.of("application/json", "application/x-ndjson"), 202),
  EVENTS("/api/v1/events", List.of("application/cloudevents+json", "application/cloudevents-batch+json",
      "application/json with ce-* headers (binary mode)"), 204);

  private static final String CE_BATCH = "application/cloudevents-batch+json";

  final String path;
  final List<String> mediaTypes;
  final int accepted;

  IngestEndpoint(String path, List<String> mediaTypes, int accepted) {
    this.path = path;
    this.mediaTypes = mediaTypes;
    this.accepted = accepted;
  }

  /**
   * {@code /ingest} also takes a request without a content type, as the seed's clients may send one; a
   * CloudEvent in binary mode ({@code ce-*} headers present) has JSON data.
   */
  boolean accepts(String mediaType, boolean binaryEvent) {
    if (binaryEvent) {
      return this == EVENTS && (mediaType.equals("application/json") || mediaType.endsWith("+json"))
          && !mediaType.startsWith("application/cloudevents");
    }
    return mediaTypes.contains(mediaType) || (this == ORIGINAL && mediaType.isEmpty());
  }

  ParsedBody read(String mediaType, Map<String, String> ceAttributes, InputStream body, PulseReader reader,
      CloudEventPulses events) throws IOException {
    return switch (this) {
      case ORIGINAL -> reader.json(body, Shape.OBJECT, PulseFormat.ORIGINAL::read);
      case PULSES -> mediaType.equals("application/x-ndjson")
          ? reader.ndjson(body, PulseFormat.NATIVE::read)
          : reader.json(body, Shape.OBJECT_OR_ARRAY, PulseFormat.NATIVE::read);
      case EVENTS -> !ceAttributes.isEmpty()
          ? events.binary(ceAttributes, mediaType, body, reader)
          : reader.json(body, mediaType.equals(CE_BATCH) ? Shape.ARRAY : Shape.OBJECT, events);
    };
  }
}
