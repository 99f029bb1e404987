package io.lifeline.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One latency histogram per method, route and status. Looked up on every request, so the timers are
 * kept here rather than rebuilt and re-registered each time, which showed in the ping profile.
 */
final class RequestTimers {

  private record Key(String method, String route, int status) {}

  private final MeterRegistry registry;
  private final Duration[] buckets;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestTimers(MeterRegistry registry, Duration[] buckets) {
    this.registry = registry;
    this.buckets = buckets;
  }

  Timer of(String method, String route, int status) {
    return timers.computeIfAbsent(new Key(method, route, status), key -> Timer.builder("http.server.requests")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", String.valueOf(key.status()))
        .serviceLevelObjectives(buckets)
        .register(registry));
  }
}
