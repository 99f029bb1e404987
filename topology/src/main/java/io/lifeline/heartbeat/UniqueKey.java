package io.lifeline.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** healthchecks' read-only identifier of a check: SHA-1 of its uuid's hex digits. */
public final class UniqueKey {

  private UniqueKey() {}

  public static String of(String uuid) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(uuid.replace("-", "").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
