package io.lifeline.metering.meter;

import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The store of billing-sink attempts ({@code metering-sink-deliveries}), keyed by batch id. A batch id
 * starts with its window's {@code tenant|sku|unit|windowStart}, so a tenant's batches are one prefix
 * scan, and the FINAL and the CORRECTIONs of a window, which share a record key, stay apart. A batch's
 * attempt is forgotten when the meter forgets its window, by a scan of the store once per window length:
 * a key-value store, since a segmented window store with no segment cannot keep its changelog offset and
 * would be taken for corrupted at every clean start under exactly-once.
 */
public final class SinkDeliveries {

  private static final int WINDOW_START_FIELD = 3;

  private SinkDeliveries() {}

  /**
   * Keeps the latest attempt of the batch, except that a batch the sink took stays delivered: an attempt
   * that follows one (a send repeated after a rebalance) cannot take back what the sink already has.
   */
  static void record(KeyValueStore<String, DeliveryAttempt> store, DeliveryAttempt attempt) {
    String batchId = attempt.getDeliveryId();
    DeliveryAttempt kept = store.get(batchId);
    boolean keptDelivered = kept != null && kept.getOutcome() == DeliveryOutcome.DELIVERED;
    if (!keptDelivered || attempt.getOutcome() == DeliveryOutcome.DELIVERED) {
      store.put(batchId, attempt);
    }
  }

  /** The latest attempt of each batch of a tenant's windows that start in {@code [from, to)}, from a store of this instance. */
  public static List<DeliveryAttempt> read(ReadOnlyKeyValueStore<String, DeliveryAttempt> store, String tenant,
      Instant from, Instant to) {
    List<DeliveryAttempt> found = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryAttempt> it = store.prefixScan(tenant + '|', new StringSerializer())) {
      it.forEachRemaining(kv -> {
        Instant start = windowStart(kv.key);
        if (start != null && !start.isBefore(from) && start.isBefore(to)) {
          found.add(kv.value);
        }
      });
    }
    return found;
  }

  /** Deletes the attempts of every batch whose window started before {@code cutoff}. */
  static void forget(KeyValueStore<String, DeliveryAttempt> store, Instant cutoff) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryAttempt> it = store.all()) {
      it.forEachRemaining(kv -> {
        Instant start = windowStart(kv.key);
        if (start == null || start.isBefore(cutoff)) {
          old.add(kv.key);
        }
      });
    }
    old.forEach(store::delete);
  }

  private static Instant windowStart(String batchId) {
    String[] fields = batchId.split("\\|");
    try {
      return fields.length > WINDOW_START_FIELD ? Instant.parse(fields[WINDOW_START_FIELD]) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
