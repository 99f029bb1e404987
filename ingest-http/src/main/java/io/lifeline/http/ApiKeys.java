package io.lifeline.http;

import io.lifeline.server.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's keys: read-write and read-only management API keys, and the ping key of slug URLs.
 * {@code LIFELINE_API_KEY}, {@code LIFELINE_API_KEY_READONLY} and {@code LIFELINE_PING_KEY} win;
 * a key not given is generated once, kept in {@code DATA_DIR/api-keys.properties} (mode 600) and
 * printed in one log line the first time.
 */
public record ApiKeys(String readWrite, String readOnly, String pingKey) {

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
  static final String FILE = "api-keys.properties";

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

  public static ApiKeys load(ServerConfig config, String pingKeyFromEnv) {
    Path file = config.dataDir().resolve(FILE);
    Properties stored = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        stored.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    boolean generated = false;
    String rw = config.apiKey();
    String ro = config.apiKeyReadonly();
    String ping = pingKeyFromEnv;
    if (blank(rw)) {
      rw = stored.getProperty("api_key");
      if (blank(rw)) {
        rw = random(24);
        stored.setProperty("api_key", rw);
        generated = true;
      }
    }
    if (blank(ro)) {
      ro = stored.getProperty("api_key_readonly");
      if (blank(ro)) {
        ro = random(24);
        stored.setProperty("api_key_readonly", ro);
        generated = true;
      }
    }
    if (blank(ping)) {
      ping = stored.getProperty("ping_key");
      if (blank(ping)) {
        ping = random(16);
        stored.setProperty("ping_key", ping);
        generated = true;
      }
    }
    if (generated) {
      save(file, stored);
      log.info("generated keys, stored in {}: LIFELINE_API_KEY={} LIFELINE_API_KEY_READONLY={} LIFELINE_PING_KEY={}",
          file.toAbsolutePath(), rw, ro, ping);
    }
    return new ApiKeys(rw, ro, ping);
  }

  private static void save(Path file, Properties keys) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.warn("cannot restrict the permissions of {} on this file system", file);
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        keys.store(out, "Lifeline keys; keep this file private");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
