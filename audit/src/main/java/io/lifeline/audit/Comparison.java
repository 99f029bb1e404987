package io.lifeline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What was emitted against what the replay derived, record by record under a key (a batch id, an
 * alert id, a flip's check, time and change). Equal contents pair off first; of what is left under a
 * key, an emitted and a derived record pair off as different; the rest is missing (derived, never
 * emitted) or extra (emitted, never derived: a duplicate, or a forgery).
 */
final class Comparison {

  enum Kind { MISSING, EXTRA, DIFFERENT }

  record Difference(Kind kind, String category, String key, JsonNode emitted, JsonNode rederived) {}

  /** Per category: records compared (the larger side under each key), equal ones. */
  record Tally(String category, long compared, long equal) {}

  private final List<Difference> differences = new ArrayList<>();
  private final List<Tally> tallies = new ArrayList<>();

  void compare(String category, Map<String, List<JsonNode>> emitted, Map<String, List<JsonNode>> rederived) {
    long compared = 0;
    long equal = 0;
    TreeSet<String> keys = new TreeSet<>(emitted.keySet());
    keys.addAll(rederived.keySet());
    for (String key : keys) {
      List<JsonNode> out = new ArrayList<>(emitted.getOrDefault(key, List.of()));
      List<JsonNode> derived = new ArrayList<>(rederived.getOrDefault(key, List.of()));
      compared += Math.max(out.size(), derived.size());
      for (var it = derived.iterator(); it.hasNext(); ) {
        if (out.remove(it.next())) {
          it.remove();
          equal++;
        }
      }
      int paired = Math.min(out.size(), derived.size());
      for (int i = 0; i < paired; i++) {
        differences.add(new Difference(Kind.DIFFERENT, category, key, out.get(i), derived.get(i)));
      }
      derived.subList(paired, derived.size()).forEach(d -> differences.add(new Difference(Kind.MISSING, category,
          key, null, d)));
      out.subList(paired, out.size()).forEach(e -> differences.add(new Difference(Kind.EXTRA, category, key, e,
          null)));
    }
    tallies.add(new Tally(category, compared, equal));
  }

  List<Difference> differences() {
    return List.copyOf(differences);
  }

  List<Tally> tallies() {
    return List.copyOf(tallies);
  }

  long count(Kind kind) {
    return differences.stream().filter(d -> d.kind() == kind).count();
  }

  static Map<String, List<JsonNode>> byKey() {
    return new TreeMap<>();
  }

  static void put(Map<String, List<JsonNode>> map, String key, JsonNode value) {
    map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }
}
