package org.postroom.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text of the webmail and the admin pages, in the user's language: page texts by key from the
 * bundle {@code org/postroom/web/i18n/Texts} (English in the base file, German in {@code _de}); the
 * sentences services say (validation errors, conflicts: written in English where the rule lives)
 * through {@code sentences_de.txt}, English pattern {@code =>} German pattern, {@code {0}}... for
 * the parts that vary. A missing key shows as {@code ??key??} and is logged; tests keep both
 * languages complete.
 */
public final class I18n {
  private static final Logger LOG = Logger.getLogger(I18n.class.getName());
  static final String BUNDLE = "org.postroom.web.i18n.Texts";
  static final String SENTENCES = "/org/postroom/web/i18n/sentences_%s.txt";
  public static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN);

  private static final Map<String, List<Sentence>> SENTENCE_CACHE = new ConcurrentHashMap<>();

  private I18n() {}

  /** The text of a key in the locale (English when the locale lacks it). */
  public static String text(Locale locale, String key) {
    try {
      return ResourceBundle.getBundle(
              BUNDLE,
              supported(locale),
              ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
          .getString(key);
    } catch (MissingResourceException e) {
      LOG.warning("i18n: no text for " + key + " in " + locale);
      return "??" + key + "??";
    }
  }

  /** A text with its {0}, {1}... filled in, numbers and dates as the locale writes them. */
  public static String format(Locale locale, String key, Object... args) {
    // no MessageFormat quoting in our texts: an apostrophe is an apostrophe
    String pattern = text(locale, key).replace("'", "''");
    return new MessageFormat(pattern, supported(locale)).format(args);
  }

  /** One of the languages Postroom speaks, English for any other. */
  public static Locale supported(Locale locale) {
    if (locale != null) {
      for (Locale l : LOCALES) {
        if (l.getLanguage().equals(locale.getLanguage())) {
          return l;
        }
      }
    }
    return Locale.ENGLISH;
  }

  /**
   * A sentence a service wrote in English, in the locale: looked up by its English pattern, the
   * varying parts carried over. A sentence with no translation stays English (and is logged).
   */
  public static String sentence(Locale locale, String english) {
    Locale l = supported(locale);
    if (english == null || l.equals(Locale.ENGLISH)) {
      return english;
    }
    for (Sentence s : sentences(l)) {
      Matcher m = s.pattern.matcher(english);
      if (m.matches()) {
        String out = s.translation;
        for (int i = 1; i <= m.groupCount(); i++) {
          out = out.replace("{" + (i - 1) + "}", m.group(i));
        }
        return out;
      }
    }
    LOG.fine(() -> "i18n: no " + l + " sentence for: " + english);
    return english;
  }

  /** One line of a sentences file: the English pattern and its translation. */
  record Sentence(String english, Pattern pattern, String translation) {}

  static List<Sentence> sentences(Locale l) {
    return SENTENCE_CACHE.computeIfAbsent(l.getLanguage(), I18n::load);
  }

  private static List<Sentence> load(String language) {
    List<Sentence> out = new ArrayList<>();
    try (InputStream in = I18n.class.getResourceAsStream(String.format(SENTENCES, language))) {
      if (in == null) {
        return out;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf(" => ");
        if (arrow < 0) {
          throw new IllegalStateException("sentences_" + language + ": no ' => ' in: " + line);
        }
        String english = line.substring(0, arrow).strip();
        out.add(new Sentence(english, pattern(english), line.substring(arrow + 4).strip()));
      }
      // the most specific first: "Message {0} deleted." before "{0} deleted."
      out.sort(
          java.util.Comparator.comparingInt(
                  (Sentence s) -> s.english().replaceAll("\\{\\d+}", "").length())
              .reversed());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  /** "At most {0} characters." as a regex that captures what stands for {0}. */
  static Pattern pattern(String english) {
    StringBuilder b = new StringBuilder();
    Matcher m = Pattern.compile("\\{\\d+}").matcher(english);
    int at = 0;
    while (m.find()) {
      b.append(Pattern.quote(english.substring(at, m.start()))).append("(.+?)");
      at = m.end();
    }
    b.append(Pattern.quote(english.substring(at)));
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }
}
