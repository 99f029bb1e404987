package io.lifeline.ports;

import io.lifeline.heartbeat.BadgeKeys;
import io.lifeline.schemas.CheckDefinition;
import java.util.List;
import java.util.Optional;

/** The check definitions as this instance knows them, answered locally so a ping needs no remote call. */
public interface CheckLookup {

  Optional<CheckDefinition> byUuid(String uuid);

  /** The uuids of the checks with this slug under this ping key; more than one means ambiguous. */
  List<String> bySlug(String pingKey, String slug);

  /** The uuid of the check with this healthchecks read-only {@code unique_key}. */
  Optional<String> byUniqueKey(String uniqueKey);

  /** Every definition, oldest first. */
  List<CheckDefinition> all();

  /** The uuid of the check whose public badges have this badge key; a replica answers from an index. */
  default Optional<String> byBadgeKey(String badgeKey) {
    return all().stream().map(CheckDefinition::getUuid).filter(uuid -> BadgeKeys.of(uuid).equals(badgeKey)).findFirst();
  }

  /** For an instance that does not hold the replica: every lookup is a 503. */
  static CheckLookup unavailable(String why) {
    return new CheckLookup() {
      @Override
      public Optional<CheckDefinition> byUuid(String uuid) {
        throw new StoreUnavailable(why);
      }

      @Override
      public List<String> bySlug(String pingKey, String slug) {
        throw new StoreUnavailable(why);
      }

      @Override
      public Optional<String> byUniqueKey(String uniqueKey) {
        throw new StoreUnavailable(why);
      }

      @Override
      public List<CheckDefinition> all() {
        throw new StoreUnavailable(why);
      }
    };
  }
}
