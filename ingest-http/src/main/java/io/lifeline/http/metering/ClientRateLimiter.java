package io.lifeline.http.metering;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address, in memory: {@code perSecond} requests a second with bursts of
 * as many. Buckets of clients gone quiet are dropped when the map grows, so it stays bounded.
 */
final class ClientRateLimiter {

  private static final int PRUNE_ABOVE = 10_000;

  private final double perSecond;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  ClientRateLimiter(int perSecond) {
    this.perSecond = perSecond;
  }

  boolean tryAcquire(String client) {
    if (perSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    if (buckets.size() > PRUNE_ABOVE) {
      buckets.values().removeIf(b -> b.fullAt(now, perSecond));
    }
    return buckets.computeIfAbsent(client, c -> new Bucket(perSecond, now)).take(now, perSecond);
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double capacity, long now) {
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean take(long now, double perSecond) {
      tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized boolean fullAt(long now, double perSecond) {
      return tokens + (now - last) / 1e9 * perSecond >= perSecond;
    }
  }
}
