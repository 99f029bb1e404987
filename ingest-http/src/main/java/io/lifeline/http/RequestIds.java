package io.lifeline.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id of a request: from {@code X-Request-Id} when sane, else generated. It is echoed,
 * logged, and handed to the ports, which carry it into Kafka as a record header.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final String ATTRIBUTE = "lifeline.requestId";

  private RequestIds() {}

  public static void assign(Context ctx) {
    String given = ctx.header(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : generate();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    MDC.put("requestId", id);
  }

  /** A correlation id needs to be unique, not unguessable: no SecureRandom, whose lock every request would share. */
  private static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  public static void clear(Context ctx) {
    MDC.remove("requestId");
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id != null ? id : "";
  }
}
