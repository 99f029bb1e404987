package io.lifeline.http.heartbeat;

import io.lifeline.heartbeat.BadgeKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public badge URLs, shaped as healthchecks' are. A tag's badge (and {@code *}, every check) is
 * {@code /badge/<project key>/<signature>/<tag>.<fmt>}: the signature is an HMAC of the tag under the
 * badge secret, so one badge URL does not give away another tag's. A check's badge is
 * {@code /b/<2|3>/<badge key>.<fmt>}. A signature ending in {@code -2} asks for two states (up, down),
 * without it three (up, late, down).
 */
final class BadgeUrls {

  static final String ALL = "*";
  private static final String[] FORMATS = {"svg", "json", "shields"};
  private static final int SIGNATURE_LENGTH = 8;

  private final String base;
  private final byte[] secret;
  private final String projectKey;

  BadgeUrls(String publicBaseUrl, String badgeSecret) {
    this.base = publicBaseUrl;
    this.secret = badgeSecret.getBytes(StandardCharsets.UTF_8);
    this.projectKey = hmac("badge-project-key").substring(0, 16);
  }

  /** The six URLs of a tag, as healthchecks' badges API lists them. */
  Map<String, String> forTag(String tag) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (String fmt : FORMATS) {
      urls.put(fmt, tagUrl(tag, fmt, false));
      urls.put(fmt + "3", tagUrl(tag, fmt, true));
    }
    return urls;
  }

  /** healthchecks' {@code badge_url} of a check: its two-state SVG badge. */
  static String forCheck(String publicBaseUrl, String uuid) {
    return publicBaseUrl + "/b/2/" + BadgeKeys.of(uuid) + ".svg";
  }

  /** Whether the path's project key and signature are this deployment's for {@code tag}. */
  boolean valid(String key, String signature, String tag) {
    String expected = signature(tag);
    String given = withLate(signature) ? signature : signature.substring(0, SIGNATURE_LENGTH);
    return MessageDigest.isEqual(projectKey.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** A signature is 8 characters that may end in {@code -2} themselves: only a 10-character one asks for two states. */
  static boolean withLate(String signature) {
    return !(signature.length() == SIGNATURE_LENGTH + 2 && signature.endsWith("-2"));
  }

  private String tagUrl(String tag, String fmt, boolean withLate) {
    String sig = signature(tag) + (withLate ? "" : "-2");
    String prefix = base + "/badge/" + projectKey + "/" + sig;
    return tag.equals(ALL) ? prefix + "." + fmt
        : prefix + "/" + URLEncoder.encode(tag, StandardCharsets.UTF_8).replace("+", "%20") + "." + fmt;
  }

  private String signature(String tag) {
    return hmac("tag:" + tag).substring(0, SIGNATURE_LENGTH);
  }

  private String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
