package io.lifeline.ports;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.metering.UsageQuery;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.AppliedVersions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The state the topology derived, asked from any instance: a key's state comes from the instance
 * that owns it, a list from every instance. A future fails with {@link StoreUnavailable} while the
 * state is moving or restoring, never with a partial or wrongly empty answer.
 */
public interface StateQueries {

  /** The version {@link #checkStateAfter} waits for after a delete: the check is gone. */
  long DELETED = AppliedVersions.DELETED;

  /** The monitor's state of one check; empty while the monitor has not seen it. */
  CompletableFuture<Optional<CheckState>> checkState(String uuid);

  /**
   * The monitor's state of one check once it has applied the definition written at {@code version}
   * (its {@code updatedAt} millis, or {@link #DELETED}); after a
   * short bound, the state as it is.
   */
  CompletableFuture<Optional<CheckState>> checkStateAfter(String uuid, long version);

  /** The last pings of a check, newest first. */
  CompletableFuture<List<Numbered<Ping>>> pings(String uuid);

  /** The last flips of a check, newest first. */
  CompletableFuture<List<Numbered<Flip>>> flips(String uuid);

  /** Every check's state. */
  CompletableFuture<List<CheckState>> checkStates();

  /** The last delivery attempts of a check's alerts, newest first. */
  CompletableFuture<List<DeliveryAttempt>> checkDeliveries(String uuid);

  /** The last delivery attempts through a channel, newest first, gathered from every instance. */
  CompletableFuture<List<DeliveryAttempt>> channelDeliveries(String channelId);

  /** The metered windows of a tenant (and SKU and unit, when given) that start in the query's range. */
  CompletableFuture<List<UsageWindow>> usageWindows(UsageQuery query);

  /**
   * The earliest window of every metered series (tenant, SKU and unit), gathered from every instance: what
   * there is to ask {@link #usageWindows} about.
   */
  CompletableFuture<List<UsageWindow>> usageSeries();

  /** The batches emitted for a tenant's windows that start in {@code [from, to)}. */
  CompletableFuture<List<UsageBatch>> batches(String tenant, Instant from, Instant to);

  /**
   * The latest billing-sink attempt of each batch of a tenant's windows that start in {@code [from, to)},
   * gathered from every instance; a batch never tried has none.
   */
  CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(String tenant, Instant from, Instant to);

  /** The same reads answered from this instance's stores only: what peers ask through {@code /internal/state}. */
  StateQueries local();

  /** For an instance that runs no topology: every query is a 503. */
  static StateQueries unavailable(String why) {
    return new Unavailable(why);
  }

  /** Every answer is {@link StoreUnavailable}. */
  final class Unavailable implements StateQueries {
    private final String why;

    private Unavailable(String why) {
      this.why = why;
    }

    private <T> CompletableFuture<T> fail() {
      return CompletableFuture.failedFuture(new StoreUnavailable(why));
    }

    @Override
    public CompletableFuture<Optional<CheckState>> checkState(String uuid) {
      return fail();
    }

    @Override
    public CompletableFuture<Optional<CheckState>> checkStateAfter(String uuid, long version) {
      return fail();
    }

    @Override
    public CompletableFuture<List<Numbered<Ping>>> pings(String uuid) {
      return fail();
    }

    @Override
    public CompletableFuture<List<Numbered<Flip>>> flips(String uuid) {
      return fail();
    }

    @Override
    public CompletableFuture<List<CheckState>> checkStates() {
      return fail();
    }

    @Override
    public CompletableFuture<List<DeliveryAttempt>> checkDeliveries(String uuid) {
      return fail();
    }

    @Override
    public CompletableFuture<List<DeliveryAttempt>> channelDeliveries(String channelId) {
      return fail();
    }

    @Override
    public CompletableFuture<List<UsageWindow>> usageWindows(UsageQuery query) {
      return fail();
    }

    @Override
    public CompletableFuture<List<UsageWindow>> usageSeries() {
      return fail();
    }

    @Override
    public CompletableFuture<List<UsageBatch>> batches(String tenant, Instant from, Instant to) {
      return fail();
    }

    @Override
    public CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(String tenant, Instant from, Instant to) {
      return fail();
    }

    @Override
    public StateQueries local() {
      return this;
    }
  }
}
