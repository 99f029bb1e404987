package io.lifeline.it.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One case of the hostile corpus ({@code src/test/resources/corpus/*.ndjson}, format in its README):
 * a request, as parts or as raw bytes, and the status class it must get. {@code {{name}}} in the
 * path, headers, body or raw bytes stands for a value of the running server (keys, a check's uuid).
 */
record CorpusCase(String id, String why, String expect, JsonNode request) {

  static final List<String> FILES = List.of("ingest", "pulses", "events", "usage", "management", "ping", "process",
      "framework");

  static List<CorpusCase> load() {
    List<CorpusCase> cases = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = CorpusCase.class.getResourceAsStream("/corpus/" + file + ".ndjson")) {
        if (in == null) {
          throw new IllegalStateException("corpus file missing: " + file);
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            JsonNode c = Json.MAPPER.readTree(line);
            cases.add(new CorpusCase(c.get("id").asText(), c.get("why").asText(), c.get("expect").asText(),
                c.get("request")));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  String endpoint() {
    return id.substring(0, id.indexOf('/'));
  }

  boolean isHead() {
    return request.has("raw") ? request.get("raw").asText().startsWith("HEAD ") : "HEAD".equals(request.path("method").asText());
  }

  /** The bytes on the wire, with the server's values in place of the placeholders. */
  byte[] bytes(Map<String, String> values) {
    if (request.has("raw")) {
      return fill(request.get("raw").asText(), values).getBytes(StandardCharsets.ISO_8859_1);
    }
    byte[] body = body(values);
    StringBuilder head = new StringBuilder()
        .append(request.get("method").asText()).append(' ').append(fill(request.get("path").asText(), values))
        .append(" HTTP/1.1\r\nHost: corpus\r\n");
    for (JsonNode header : request.path("headers")) {
      head.append(header.get(0).asText()).append(": ").append(fill(header.get(1).asText(), values)).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private byte[] body(Map<String, String> values) {
    if (request.has("body")) {
      return fill(request.get("body").asText(), values).getBytes(StandardCharsets.UTF_8);
    }
    if (request.has("bodyBase64")) {
      return Base64.getDecoder().decode(request.get("bodyBase64").asText());
    }
    if (request.has("bodyRepeat")) {
      JsonNode r = request.get("bodyRepeat");
      StringBuilder body = new StringBuilder(r.get("head").asText());
      String item = r.get("item").asText();
      for (int i = 0; i < r.get("times").asInt(); i++) {
        body.append(item);
      }
      return body.append(r.get("tail").asText()).toString().getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  private static String fill(String text, Map<String, String> values) {
    if (!text.contains("{{")) {
      return text;
    }
    String filled = text;
    for (Map.Entry<String, String> v : values.entrySet()) {
      filled = filled.replace("{{" + v.getKey() + "}}", v.getValue());
    }
    return filled;
  }

  @Override
  public String toString() {
    return id;
  }
}
