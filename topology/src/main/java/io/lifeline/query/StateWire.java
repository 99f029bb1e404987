package io.lifeline.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lifeline.heartbeat.Numbered;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.UsageReport;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The internal API between instances: the routes a peer serves from its own stores, and how their
 * answers travel. An answer is a JSON array of entries {@code {"n": <history number>, "avro": <base64
 * single-object Avro>}}, so no field of a record is lost or reinterpreted on the way.
 */
public final class StateWire {

  public static final String PREFIX = "/internal/state";
  public static final String CHECKS = PREFIX + "/heartbeat/checks";
  public static final String CHECK = CHECKS + "/{uuid}";
  public static final String PINGS = CHECK + "/pings";
  public static final String FLIPS = CHECK + "/flips";
  public static final String CHECK_DELIVERIES = CHECK + "/deliveries";
  public static final String CHANNEL_DELIVERIES = PREFIX + "/heartbeat/channels/{id}/deliveries";
  public static final String WINDOWS = PREFIX + "/metering/windows";
  public static final String BATCHES = PREFIX + "/metering/batches";
  public static final String SERIES = PREFIX + "/metering/series";
  public static final String SINK_DELIVERIES = PREFIX + "/metering/deliveries";
  public static final String CONTENT_TYPE = "application/json";

  static final AvroSerde<CheckState> STATES = new AvroSerde<>(CheckState.class);
  static final AvroSerde<Ping> PING = new AvroSerde<>(Ping.class);
  static final AvroSerde<Flip> FLIP = new AvroSerde<>(Flip.class);
  static final AvroSerde<DeliveryAttempt> ATTEMPT = new AvroSerde<>(DeliveryAttempt.class);
  static final AvroSerde<UsageWindow> WINDOW = new AvroSerde<>(UsageWindow.class);
  static final AvroSerde<UsageBatch> BATCH = new AvroSerde<>(UsageBatch.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateWire() {}

  public static byte[] states(List<CheckState> states) {
    return write(states, s -> new Numbered<>(0, STATES.encode(s)));
  }

  public static byte[] pings(List<Numbered<Ping>> pings) {
    return write(pings, p -> new Numbered<>(p.n(), PING.encode(p.entry())));
  }

  public static byte[] flips(List<Numbered<Flip>> flips) {
    return write(flips, f -> new Numbered<>(f.n(), FLIP.encode(f.entry())));
  }

  public static byte[] deliveries(List<DeliveryAttempt> attempts) {
    return write(attempts, a -> new Numbered<>(0, ATTEMPT.encode(a)));
  }

  public static byte[] windows(List<UsageWindow> windows) {
    return write(windows, w -> new Numbered<>(0, WINDOW.encode(w)));
  }

  public static byte[] batches(List<UsageBatch> batches) {
    return write(batches, b -> new Numbered<>(0, BATCH.encode(b)));
  }

  /** The query string of {@link #WINDOWS} for a usage query. */
  public static String windowsQuery(UsageQuery query) {
    StringBuilder q = new StringBuilder("tenant=").append(encode(query.tenant()));
    if (query.sku() != null) {
      q.append("&sku=").append(encode(query.sku()));
    }
    if (query.unit() != null) {
      q.append("&unit=").append(encode(query.unit()));
    }
    return q.append("&from=").append(query.from()).append("&to=").append(query.to()).toString();
  }

  /** The usage query of a {@link #WINDOWS} request, from its query parameters; null when one is missing or bad. */
  public static UsageQuery windowsQuery(Function<String, String> param) {
    Instant from = instant(param.apply("from"));
    Instant to = instant(param.apply("to"));
    String tenant = param.apply("tenant");
    if (tenant == null || from == null || to == null) {
      return null;
    }
    return new UsageQuery(tenant, param.apply("sku"), param.apply("unit"), from, to, UsageReport.Granularity.HOUR);
  }

  /** An instant of a request parameter; null when it is missing or not ISO-8601. */
  public static Instant instant(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  static String batchesQuery(String tenant, Instant from, Instant to) {
    return "tenant=" + encode(tenant) + "&from=" + from + "&to=" + to;
  }

  static <T extends SpecificRecord> List<T> read(byte[] body, AvroSerde<T> serde) {
    return readNumbered(body, serde).stream().map(Numbered::entry).collect(Collectors.toList());
  }

  static <T extends SpecificRecord> List<Numbered<T>> readNumbered(byte[] body, AvroSerde<T> serde) {
    try {
      List<Numbered<T>> entries = new ArrayList<>();
      Base64.Decoder base64 = Base64.getDecoder();
      for (JsonNode e : JSON.readTree(body)) {
        entries.add(new Numbered<>(e.path("n").asLong(), serde.decode(base64.decode(e.get("avro").asText()))));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> byte[] write(List<T> entries, Function<T, Numbered<byte[]>> encode) {
    ArrayNode array = JSON.createArrayNode();
    Base64.Encoder base64 = Base64.getEncoder();
    for (T entry : entries) {
      Numbered<byte[]> encoded = encode.apply(entry);
      array.addObject().put("n", encoded.n()).put("avro", base64.encodeToString(encoded.entry()));
    }
    try {
      return JSON.writeValueAsBytes(array);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
