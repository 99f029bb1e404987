package io.lifeline.metering.meter;

/**
 * Keys of the open correction buckets ({@code metering-corrections}): the window's key in
 * {@link UsageWindows}, then {@code |<bucket start, 15-digit millis>}. The value is the running
 * aggregate of the late pulses received in the bucket, billed as one CORRECTION when it closes.
 */
final class CorrectionBuckets {

  private CorrectionBuckets() {}

  static String key(String windowKey, long bucketStart) {
    return windowKey + '|' + FixedWidth.millis(bucketStart);
  }

  static String windowKeyOf(String bucketKey) {
    return bucketKey.substring(0, bucketKey.length() - FixedWidth.MILLIS_DIGITS - 1);
  }

  static long bucketStartOf(String bucketKey) {
    return Long.parseLong(bucketKey.substring(bucketKey.length() - FixedWidth.MILLIS_DIGITS));
  }
}
