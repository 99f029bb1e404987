package io.lifeline.server;

import io.lifeline.http.ApiKeys;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the project's keys come from: {@code LIFELINE_API_KEY}, {@code LIFELINE_API_KEY_READONLY} and
 * {@code LIFELINE_PING_KEY} and {@code LIFELINE_BADGE_KEY} win; a key not given is generated once, kept in
 * {@code DATA_DIR/api-keys.properties} (mode 600) and printed in one log line the first time.
 */
final class KeyFile {

  private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
  static final String FILE = "api-keys.properties";

  private KeyFile() {}

  static ApiKeys load(ServerConfig config) {
    Path file = config.dataDir().resolve(FILE);
    Properties stored = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        stored.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    int before = stored.size();
    String rw = given(config.apiKey(), stored, "api_key", 24);
    String ro = given(config.apiKeyReadonly(), stored, "api_key_readonly", 24);
    String ping = given(config.pingKey(), stored, "ping_key", 16);
    String badge = given(config.badgeKey(), stored, "badge_key", 24);
    if (stored.size() > before) {
      save(file, stored);
      log.info("generated keys, stored in {}: LIFELINE_API_KEY={} LIFELINE_API_KEY_READONLY={} LIFELINE_PING_KEY={}",
          file.toAbsolutePath(), rw, ro, ping);
    }
    return new ApiKeys(rw, ro, ping, badge);
  }

  /** The key from the environment, else the stored one, else a new one added to {@code stored}. */
  private static String given(String fromEnv, Properties stored, String name, int bytes) {
    if (!blank(fromEnv)) {
      return fromEnv;
    }
    String key = stored.getProperty(name);
    if (blank(key)) {
      key = random(bytes);
      stored.setProperty(name, key);
    }
    return key;
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
}
