package io.lifeline.http.metering;

/** The request body passed the ingest limit; thrown from inside the parser's reads, so it is unchecked. */
final class BodyTooLarge extends RuntimeException {
  BodyTooLarge(long limit) {
    super("the body is larger than INGEST_BODY_LIMIT (" + limit + " bytes); split it into smaller batches");
  }
}
