package io.lifeline.metering.meter;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Work that falls due by time ({@code metering-deadlines}): key {@code <due, 15-digit millis>|<action>|<target>},
 * value the target (a window key, or a correction bucket key for CORRECT). Time comes first and is
 * fixed-width, so what is due by a time is exactly a prefix of the store and a scan costs O(due).
 */
final class WindowDeadlines {

  /** What falls due: a window's FINAL, a correction bucket's CORRECTION, or forgetting a final window. */
  enum Action {
    FINALIZE('F'), CORRECT('C'), FORGET('E');

    private final char code;

    Action(char code) {
      this.code = code;
    }

    static Action of(char code) {
      for (Action action : values()) {
        if (action.code == code) {
          return action;
        }
      }
      throw new IllegalArgumentException("no action " + code);
    }
  }

  record Due(String key, long at, Action action, String target) {}

  private final KeyValueStore<String, String> store;

  WindowDeadlines(KeyValueStore<String, String> store) {
    this.store = store;
  }

  void schedule(long at, Action action, String target) {
    store.put(key(at, action, target), target);
  }

  void cancel(long at, Action action, String target) {
    store.delete(key(at, action, target));
  }

  /** What is due at or before {@code upTo}, earliest first, at most {@code limit} entries. */
  List<Due> due(long upTo, int limit) {
    List<Due> due = new ArrayList<>();
    if (upTo < 0) {
      return due;
    }
    // '~' sorts after every action code, so the bound takes in every entry of the millisecond upTo.
    try (KeyValueIterator<String, String> it = store.range(null, FixedWidth.millis(upTo) + "|~")) {
      while (it.hasNext() && due.size() < limit) {
        KeyValue<String, String> kv = it.next();
        due.add(new Due(kv.key, Long.parseLong(kv.key.substring(0, FixedWidth.MILLIS_DIGITS)),
            Action.of(kv.key.charAt(FixedWidth.MILLIS_DIGITS + 1)), kv.value));
      }
    }
    return due;
  }

  static boolean anyDue(ReadOnlyKeyValueStore<String, String> store, long upTo) {
    if (upTo < 0) {
      return false;
    }
    try (KeyValueIterator<String, String> it = store.range(null, FixedWidth.millis(upTo) + "|~")) {
      return it.hasNext();
    }
  }

  void done(Due due) {
    store.delete(due.key());
  }

  private static String key(long at, Action action, String target) {
    return FixedWidth.millis(at) + '|' + action.code + '|' + target;
  }
}
