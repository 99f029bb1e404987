package io.lifeline.http.metering;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * {@code Content-Encoding} of an ingest body: none, {@code identity} or {@code gzip}, which batch
 * producers use to send more pulses per byte. The body limit applies to the decoded bytes, so a small
 * gzip that inflates to gigabytes (a zip bomb) is a 413 after {@code limit} bytes, not an outage.
 */
final class ContentEncoding {

  static final String SUPPORTED = "gzip or identity";

  private ContentEncoding() {}

  static boolean supported(String encoding) {
    String e = normalized(encoding);
    return e.isEmpty() || e.equals("identity") || e.equals("gzip") || e.equals("x-gzip");
  }

  /** The decoded body; a body labelled gzip that is not gzip is a {@link java.util.zip.ZipException}. */
  static InputStream decoded(String encoding, InputStream body, long limit) throws IOException {
    String e = normalized(encoding);
    if (e.equals("gzip") || e.equals("x-gzip")) {
      return new LimitedInputStream(new GZIPInputStream(body, 64 * 1024), limit);
    }
    return new LimitedInputStream(body, limit);
  }

  private static String normalized(String encoding) {
    return encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
  }
}
