package org.postroom.deliverability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code tag=value; tag=value} list as DKIM (RFC 6376 3.2), DMARC, MTA-STS and TLS-RPT records
 * use it: tag names are case-sensitive in DKIM and compared in lower case elsewhere, whitespace
 * around tags and values is insignificant, a trailing semicolon is allowed. A duplicate tag makes
 * the list invalid (RFC 6376 3.2).
 */
public final class TagList {
  private final Map<String, String> tags;
  private final String problem;

  private TagList(Map<String, String> tags, String problem) {
    this.tags = tags;
    this.problem = problem;
  }

  /** Parses a list; {@link #problem()} says why it is not valid (and is empty when it is). */
  public static TagList parse(String text, boolean lowerCaseNames) {
    Map<String, String> tags = new LinkedHashMap<>();
    String problem = "";
    for (String part : text.split(";", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        problem = "'" + p + "' is not tag=value";
        continue;
      }
      String name = p.substring(0, eq).strip();
      if (lowerCaseNames) {
        name = name.toLowerCase(Locale.ROOT);
      }
      if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        problem = "'" + name + "' is not a tag name";
        continue;
      }
      if (tags.putIfAbsent(name, p.substring(eq + 1).strip()) != null) {
        problem = "tag " + name + " appears twice";
      }
    }
    return new TagList(tags, problem);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  public String getOr(String name, String fallback) {
    return tags.getOrDefault(name, fallback);
  }

  public boolean has(String name) {
    return tags.containsKey(name);
  }

  public Map<String, String> asMap() {
    return Map.copyOf(tags);
  }

  public boolean isValid() {
    return problem.isEmpty();
  }

  public String problem() {
    return problem;
  }

  /** A value with every whitespace character removed (base64 in DKIM may be folded). */
  public static String compact(String v) {
    return v == null ? "" : v.replaceAll("[\\s]", "");
  }
}
