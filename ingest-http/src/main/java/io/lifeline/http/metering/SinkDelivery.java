package io.lifeline.http.metering;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.http.Json;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import java.time.Instant;
import java.util.Locale;

/** Where a batch stands with the billing sink, as the batches list shows it. */
record SinkDelivery(Status status, int attempts, Integer httpStatus, Instant at) {

  enum Status { DELIVERED, PENDING, FAILED, NOT_CONFIGURED }

  /**
   * @param latest the batch's latest attempt, null when it was never tried
   * @param sinkConfigured whether this server sends batches: without a sink, a batch not delivered waits for nothing
   */
  static SinkDelivery of(DeliveryAttempt latest, boolean sinkConfigured) {
    Status status;
    if (latest != null && latest.getOutcome() == DeliveryOutcome.DELIVERED) {
      status = Status.DELIVERED;
    } else if (latest != null && latest.getOutcome() == DeliveryOutcome.FAILED) {
      status = Status.FAILED;
    } else if (!sinkConfigured) {
      status = Status.NOT_CONFIGURED;
    } else {
      status = Status.PENDING;
    }
    return latest == null ? new SinkDelivery(status, 0, null, null)
        : new SinkDelivery(status, latest.getAttempt(), latest.getHttpStatus(), latest.getAt());
  }

  ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode().put("status", status.name().toLowerCase(Locale.ROOT))
        .put("attempts", attempts).put("httpStatus", httpStatus);
    return json.put("at", at == null ? null : at.toString());
  }
}
