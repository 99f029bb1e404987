package io.lifeline.http;

import java.util.List;

/**
 * Whether this instance can do its work yet, and if not, what it is waiting for; warnings say what
 * is behind (batches waiting on the billing sink) without making the instance unready.
 */
public interface ReadinessProbe {

  record Status(boolean ready, List<String> waitingFor, List<String> warnings) {}

  Status status();
}
