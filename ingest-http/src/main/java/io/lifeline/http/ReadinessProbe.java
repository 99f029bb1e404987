package io.lifeline.http;

import java.util.List;

/** Whether this instance can do its work yet, and if not, what it is waiting for. */
public interface ReadinessProbe {

  record Status(boolean ready, List<String> waitingFor) {}

  Status status();
}
