package io.lifeline.heartbeat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The slug healthchecks' API v1 and v2 derive from a check's name, as Django's {@code slugify} makes
 * it: accents dropped, other non-ASCII and punctuation removed, lower case, runs of spaces and
 * hyphens made one hyphen, no hyphen or underscore at either end.
 */
public final class Slugs {

  private static final Pattern NOT_WORD = Pattern.compile("[^\\w\\s-]");
  private static final Pattern SEPARATORS = Pattern.compile("[-\\s]+");

  private Slugs() {}

  public static String of(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("[^\\x00-\\x7F]", "");
    String kept = NOT_WORD.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("");
    String slug = SEPARATORS.matcher(kept).replaceAll("-").replaceAll("^[-_]+|[-_]+$", "");
    return slug.length() <= 100 ? slug : slug.substring(0, 100);
  }
}
