package io.lifeline.heartbeat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * A check's badge key, the unguessable name of its public badge URLs. It is a one-way function of
 * the check's uuid (itself the secret of its ping URL): whoever sees a badge learns neither the uuid
 * nor the read-only {@code unique_key}, and every check has one, those created before badges too,
 * without anything stored.
 */
public final class BadgeKeys {

  private BadgeKeys() {}

  public static String of(String uuid) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("lifeline-badge:" + uuid.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
      ByteBuffer bytes = ByteBuffer.wrap(digest);
      return new UUID(bytes.getLong(), bytes.getLong()).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
