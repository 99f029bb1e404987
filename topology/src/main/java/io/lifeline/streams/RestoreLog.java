package io.lifeline.streams;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a start restored from the changelogs, store by store, and counts it. After a clean stop
 * the count stays 0: the local state is reused as it is.
 */
final class RestoreLog implements StateRestoreListener {

  private static final Logger log = LoggerFactory.getLogger(RestoreLog.class);

  private final String app;
  private final AtomicLong restored = new AtomicLong();

  RestoreLog(String app) {
    this.app = app;
  }

  long restoredRecords() {
    return restored.get();
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    log.info("{}: restoring {} from {} (offsets {} to {})", app, store, partition, startingOffset, endingOffset);
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    restored.addAndGet(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    log.info("{}: restored {} records of {} from {}", app, totalRestored, store, partition);
  }
}
