package io.lifeline.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The project's keys: read-write and read-only management API keys, the ping key of slug URLs, and
 * the secret that signs the public badge URLs of tags.
 */
public record ApiKeys(String readWrite, String readOnly, String pingKey, String badgeKey) {

  public enum Access { READ_WRITE, READ_ONLY, NONE }

  public Access accessOf(String key) {
    if (key == null || key.isEmpty()) {
      return Access.NONE;
    }
    if (constantTimeEquals(key, readWrite)) {
      return Access.READ_WRITE;
    }
    return constantTimeEquals(key, readOnly) ? Access.READ_ONLY : Access.NONE;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
