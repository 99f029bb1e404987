package io.lifeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AppliedVersionsTest {

  private final AppliedVersions applied = new AppliedVersions();
  private final AtomicLong store = new AtomicLong(AppliedVersions.NONE);

  @Test
  void aWaitCompletesWhenTheProcessorAppliesThatVersionOrALaterOne() {
    CompletableFuture<Boolean> waiting = applied.await("a", 10, store::get, Duration.ofSeconds(30));
    applied.applied("a", 9);
    assertThat(waiting).isNotDone();
    applied.applied("b", 10);
    assertThat(waiting).isNotDone();
    applied.applied("a", 11);
    assertThat(waiting).isCompletedWithValue(true);
    assertThat(applied.waiting()).isZero();
  }

  @Test
  void aVersionAlreadyInTheStoreCountsWithoutANotification() {
    store.set(10);
    assertThat(applied.await("a", 10, store::get, Duration.ofSeconds(30))).isCompletedWithValue(true);
  }

  @Test
  void deletionIsItsOwnVersionAndNoUpdateReachesIt() {
    CompletableFuture<Boolean> gone = applied.await("a", AppliedVersions.DELETED, store::get, Duration.ofSeconds(30));
    applied.applied("a", 12);
    assertThat(gone).isNotDone();
    applied.applied("a", AppliedVersions.DELETED);
    assertThat(gone).isCompletedWithValue(true);
    CompletableFuture<Boolean> recreated = applied.await("a", 13, () -> AppliedVersions.DELETED, Duration.ofSeconds(30));
    assertThat(recreated).isNotDone();
  }

  @Test
  void aWaitEndsUnseenAfterItsBound() {
    assertThat(applied.await("a", 10, store::get, Duration.ofMillis(20)).join()).isFalse();
    assertThat(applied.waiting()).isZero();
  }
}
