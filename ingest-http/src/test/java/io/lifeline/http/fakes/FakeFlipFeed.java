package io.lifeline.http.fakes;

import io.lifeline.ports.FlipFeed;
import io.lifeline.schemas.Flip;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Flips a test publishes, told to whoever listens at that moment. */
public final class FakeFlipFeed implements FlipFeed {

  private final List<Consumer<Flip>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Subscription subscribe(Consumer<Flip> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public int listeners() {
    return listeners.size();
  }

  public void publish(Flip flip) {
    listeners.forEach(l -> l.accept(flip));
  }
}
