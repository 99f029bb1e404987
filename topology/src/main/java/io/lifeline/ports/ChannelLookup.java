package io.lifeline.ports;

import io.lifeline.schemas.ChannelDefinition;
import java.util.List;
import java.util.Optional;

/** The alert channels as this instance knows them, answered locally like {@link CheckLookup}. */
public interface ChannelLookup {

  Optional<ChannelDefinition> byId(String id);

  /** Every channel, oldest first. */
  List<ChannelDefinition> all();

  /** The channels with exactly this name; more than one means the name is ambiguous. */
  default List<ChannelDefinition> named(String name) {
    return all().stream().filter(c -> c.getName().equals(name)).toList();
  }

  /** For an instance that does not hold the replica: every lookup is a 503. */
  static ChannelLookup unavailable(String why) {
    return new ChannelLookup() {
      @Override
      public Optional<ChannelDefinition> byId(String id) {
        throw new StoreUnavailable(why);
      }

      @Override
      public List<ChannelDefinition> all() {
        throw new StoreUnavailable(why);
      }
    };
  }
}
