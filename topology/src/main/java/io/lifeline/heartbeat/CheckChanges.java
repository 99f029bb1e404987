package io.lifeline.heartbeat;

import io.lifeline.schemas.CheckDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Each command of the management API as the next {@link CheckDefinition} of a check. Every new
 * version is stamped strictly after the one before it, so {@code updatedAt} orders the versions and
 * a reader can wait for the one it wrote.
 */
public final class CheckChanges {

  private final Clock clock;
  private final String pingKey;

  public CheckChanges(Clock clock, String pingKey) {
    this.clock = clock;
    this.pingKey = pingKey;
  }

  public CheckDefinition create(CheckSpec spec) {
    Instant now = now();
    CheckDefinition.Builder b = CheckDefinition.newBuilder()
        .setUuid(UUID.randomUUID().toString())
        .setPingKey(pingKey)
        .setCreatedAt(now)
        .setUpdatedAt(now);
    return spec.applyTo(b).build();
  }

  public CheckDefinition update(CheckDefinition existing, CheckSpec spec) {
    return spec.applyTo(CheckDefinition.newBuilder(existing)).setUpdatedAt(nextVersion(existing)).build();
  }

  /** A pause until resumed, or with {@code until}, until then: the check then resumes by itself, as new. */
  public CheckDefinition pause(CheckDefinition existing, Instant until) {
    Instant at = nextVersion(existing);
    return CheckDefinition.newBuilder(existing).setPausedAt(at).setPausedUntil(until).setUpdatedAt(at).build();
  }

  public CheckDefinition resume(CheckDefinition existing) {
    Instant at = nextVersion(existing);
    return CheckDefinition.newBuilder(existing).setResumedAt(at).setUpdatedAt(at).build();
  }

  /** The check without a channel that is being deleted, as healthchecks takes a deleted integration off its checks. */
  public CheckDefinition withoutChannel(CheckDefinition existing, String channelId) {
    List<String> channels = existing.getChannels().stream().filter(id -> !id.equals(channelId)).toList();
    return CheckDefinition.newBuilder(existing).setChannels(new ArrayList<>(channels))
        .setUpdatedAt(nextVersion(existing)).build();
  }

  /** A check created by name only, as {@code ?create=1} on a slug ping URL does. */
  public CheckDefinition provision(String slug) {
    CheckSpec spec = new CheckSpec();
    spec.name = slug;
    spec.slug = slug;
    return create(spec);
  }

  /**
   * A process of the heartbeat facade: alive while its last heartbeat is younger than {@code ttl}
   * seconds, so a check with that timeout and no grace, found again by its slug.
   */
  public CheckDefinition process(String processId, List<String> tags, long ttlSeconds) {
    Instant now = now();
    return CheckDefinition.newBuilder()
        .setUuid(UUID.randomUUID().toString())
        .setName(processId)
        .setSlug(processId.toLowerCase(Locale.ROOT))
        .setTags(new ArrayList<>(tags))
        .setTimeoutSeconds(ttlSeconds)
        .setGraceSeconds(0)
        .setPingKey(pingKey)
        .setCreatedAt(now)
        .setUpdatedAt(now)
        .build();
  }

  public String pingKey() {
    return pingKey;
  }

  /** The version a definition is known by while the monitor and replicas catch up with it. */
  public static long version(CheckDefinition definition) {
    return definition.getUpdatedAt().toEpochMilli();
  }

  private Instant nextVersion(CheckDefinition existing) {
    Instant now = now();
    Instant previous = existing.getUpdatedAt();
    return now.isAfter(previous) ? now : previous.plusMillis(1);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
