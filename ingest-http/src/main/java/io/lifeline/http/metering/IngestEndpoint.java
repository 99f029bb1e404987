package io.lifeline.http.metering;

import io.lifeline.metering.CloudEventPulses;
import io.lifeline.metering.ParsedBody;
import io.lifeline.metering.PulseFormat;
import io.lifeline.metering.PulseReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The three ingest endpoints: their paths, the media types each takes, and how each reads its body. */
enum IngestEndpoint {
  ORIGINAL("/ingest", List.of("application/json")),
  PULSES("/api/v1/pulses", List.of("application/json", "application/x-ndjson")),
  EVENTS("/api/v1/events", List.of("application/cloudevents+json", "application/cloudevents-batch+json"));

  final String path;
  final List<String> mediaTypes;

  IngestEndpoint(String path, List<String> mediaTypes) {
    this.path = path;
    this.mediaTypes = mediaTypes;
  }

  /** {@code /ingest} also takes a request without a content type, as the seed's clients may send one. */
  boolean accepts(String mediaType) {
    return mediaTypes.contains(mediaType) || (this == ORIGINAL && mediaType.isEmpty());
  }

  ParsedBody read(String mediaType, InputStream body, PulseReader reader, CloudEventPulses events) throws IOException {
    return switch (this) {
      case ORIGINAL -> reader.json(body, false, PulseFormat.ORIGINAL::read);
      case PULSES -> mediaType.equals("application/x-ndjson")
          ? reader.ndjson(body, PulseFormat.NATIVE::read)
          : reader.json(body, true, PulseFormat.NATIVE::read);
      case EVENTS -> reader.json(body, mediaType.equals("application/cloudevents-batch+json"), events);
    };
  }
}
