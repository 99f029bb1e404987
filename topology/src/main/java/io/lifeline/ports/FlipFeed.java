package io.lifeline.ports;

import io.lifeline.schemas.Flip;
import java.util.function.Consumer;

/**
 * The flips committed from now on, as they happen: what a live view listens to. A subscriber sees
 * only flips committed after it subscribed; nothing is replayed, since a view reads the state first.
 */
public interface FlipFeed {

  /** Calls {@code listener} with every flip committed from now on, until the returned handle is closed. */
  Subscription subscribe(Consumer<Flip> listener);

  /** Stops the calls of one listener. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** For an instance that reads no flips: nobody is ever called. */
  static FlipFeed none() {
    return listener -> () -> { };
  }
}
