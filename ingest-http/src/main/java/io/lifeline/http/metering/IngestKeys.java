package io.lifeline.http.metering;

import io.lifeline.metering.PulseRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys that may send usage ({@code INGEST_API_KEYS}, and the file {@code INGEST_API_KEYS_FILE}):
 * entries separated by commas or new lines, each {@code <key>} (any tenant) or {@code <key>=<tenant>}
 * (that tenant only); {@code #} starts a comment. With no key at all, ingest is open. Keys are held
 * as SHA-256 digests, so a lookup takes the same time whatever the key presented has in common with
 * a real one.
 */
public final class IngestKeys {

  public static final IngestKeys OPEN = new IngestKeys(Map.of());
  private static final Pattern KEY = Pattern.compile("[!-~&&[^,=#]]{8,256}");
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:\\-]{1," + PulseRules.MAX_NAME_LENGTH + "}");

  /** What a key may do: send for any tenant ({@code tenant} empty) or for one. */
  public record Grant(Optional<String> tenant) {
    boolean allows(String pulseTenant) {
      return tenant.isEmpty() || tenant.get().equals(pulseTenant);
    }
  }

  private final Map<String, Grant> byDigest;

  private IngestKeys(Map<String, Grant> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /** Parses entries; a malformed one is an {@link IllegalArgumentException} saying which and why (never the key). */
  public static IngestKeys parse(String entries) {
    Map<String, Grant> keys = new HashMap<>();
    int number = 0;
    for (String line : entries.split("\\R")) {
      int comment = line.indexOf('#');
      for (String entry : (comment < 0 ? line : line.substring(0, comment)).split(",")) {
        String e = entry.strip();
        if (e.isEmpty()) {
          continue;
        }
        number++;
        int equals = e.indexOf('=');
        String key = equals < 0 ? e : e.substring(0, equals).strip();
        String tenant = equals < 0 ? null : e.substring(equals + 1).strip();
        if (!KEY.matcher(key).matches()) {
          throw new IllegalArgumentException("entry " + number + ": a key is 8 to 256 printable ASCII characters "
              + "without spaces, ',', '=' or '#'");
        }
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
          throw new IllegalArgumentException("entry " + number + ": the tenant after '=' must be a valid tenant name");
        }
        keys.put(digest(key), new Grant(Optional.ofNullable(tenant)));
      }
    }
    return new IngestKeys(keys);
  }

  public IngestKeys and(IngestKeys more) {
    Map<String, Grant> all = new HashMap<>(byDigest);
    all.putAll(more.byDigest);
    return new IngestKeys(all);
  }

  public boolean open() {
    return byDigest.isEmpty();
  }

  public int size() {
    return byDigest.size();
  }

  /** What the presented key may do; empty for an unknown key. */
  Optional<Grant> grantOf(String key) {
    return key == null || key.isEmpty() ? Optional.empty() : Optional.ofNullable(byDigest.get(digest(key)));
  }

  private static String digest(String key) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
