package io.lifeline.metering.meter;

/**
 * Keys of the open correction buckets ({@code metering-corrections}): the window's key in
 * {@link UsageWindows}, then {@code |<bucket start, 15-digit millis>}. The value is the running
 * aggregate of the late pulses received in the bucket, billed as one CORRECTION when it closes.
 */
final class CorrectionBuckets {

  private static final int MILLIS_DIGITS = 15;

  private CorrectionBuckets() {}

  static String key(String windowKey, long bucketStart) {
    return windowKey + '|' + String.format("%015d", bucketStart);
  }

  static String windowKeyOf(String bucketKey) {
    return bucketKey.substring(0, bucketKey.length() - MILLIS_DIGITS - 1);
  }

  static long bucketStartOf(String bucketKey) {
    return Long.parseLong(bucketKey.substring(bucketKey.length() - MILLIS_DIGITS));
  }
}
