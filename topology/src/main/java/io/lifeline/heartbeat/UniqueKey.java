package io.lifeline.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** healthchecks' read-only identifier of a check: SHA-1 of the first 16 hex digits of its uuid, as healthchecks derives it. */
public final class UniqueKey {

  private UniqueKey() {}

  public static String of(String uuid) {
    try {
      String hex = uuid.replace("-", "").toLowerCase(Locale.ROOT);
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(hex.substring(0, Math.min(16, hex.length())).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
