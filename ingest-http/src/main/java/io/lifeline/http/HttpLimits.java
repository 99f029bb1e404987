package io.lifeline.http;

import java.time.Duration;

/**
 * How the edge defends itself against slow and greedy clients (the variables are in the README):
 * a connection quiet for {@code idleTimeout} is closed; a request's line and headers must arrive
 * within {@code headerTimeout} of their first byte, and its body at {@code minRequestRate} bytes a
 * second or faster, else 408; at most {@code maxConnections} are open, and one client address has at
 * most {@code maxRequestsPerClient} requests being processed (the others wait, without a thread).
 */
public record HttpLimits(
    Duration idleTimeout,
    Duration headerTimeout,
    int minRequestRate,
    int maxConnections,
    int maxRequestsPerClient) {

  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024,
      10_000, 256);
}
