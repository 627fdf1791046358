package org.postroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.postroom.config.Setting;
import org.postroom.deliverability.DnsRecord;
import org.postroom.deliverability.RecordCheck;
import org.postroom.delivery.queue.RecipientState;
import org.postroom.mailbox.FolderRole;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Keeps the webmail and admin pages in English and German complete: both bundles have the same keys
 * with the same placeholders, every key a page or bean uses exists, no page has text outside the
 * bundles, and every sentence a service writes has its German translation.
 */
class I18nTest {
  private static final Path BUNDLES = Path.of("src/main/resources/org/postroom/web/i18n");
  private static final Path WEBAPP = Path.of("webapp");
  private static final Path SOURCES = Path.of("src/main/java/org/postroom");

  /** Words that are the same in every language: the product, header names, protocol terms. */
  private static final Set<String> SAME_EVERYWHERE =
      Set.of("Postroom", "Cc", "Bcc", "OK", "DKIM", "SPF", "DMARC", "PTR", "MX", "TXT", "UTC");

  /** Attributes whose value a person reads. */
  private static final Set<String> TEXT_ATTRIBUTES =
      Set.of(
          "title",
          "placeholder",
          "aria-label",
          "alt",
          "itemLabel",
          "label",
          "data-confirm",
          "pt:data-confirm",
          "pt:placeholder",
          "pt:aria-label",
          "pt:title",
          "requiredMessage",
          "converterMessage",
          "validatorMessage");

  private static Properties bundle(String file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(BUNDLES.resolve(file), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  private static int arguments(String pattern) {
    return new MessageFormat(pattern.replace("'", "''"), Locale.ENGLISH)
        .getFormatsByArgumentIndex()
        .length;
  }

  @Test
  void englishAndGermanHaveTheSameKeysAndPlaceholders() throws IOException {
    Properties en = bundle("Texts.properties");
    Properties de = bundle("Texts_de.properties");
    assertThat(de.stringPropertyNames())
        .as("keys in German but not English, and the other way round")
        .containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    List<String> wrong = new ArrayList<>();
    for (String k : en.stringPropertyNames()) {
      String e = en.getProperty(k);
      String d = de.getProperty(k);
      if (e.isBlank() || d.isBlank() || arguments(e) != arguments(d)) {
        wrong.add(k + ": [" + e + "] / [" + d + "]");
      }
    }
    assertThat(wrong).as("empty texts or placeholders that differ").isEmpty();
  }

  @Test
  void everyKeyThePagesAndBeansUseExists() throws IOException {
    Set<String> known = bundle("Texts.properties").stringPropertyNames();
    Set<String> used = new TreeSet<>();
    Pattern inPages = Pattern.compile("t\\['([^']+)'\\]|texts\\.f\\('([^']+)'");
    Pattern inJava =
        Pattern.compile(
            "I18n\\.(?:text|format)\\([^,]+,\\s*\"([^\"]+)\"|texts\\.f\\(\\s*\"([^\"]+)\"|t\\.get\\(\"([^\"]+)\"\\)");
    for (Path p : files(WEBAPP, ".xhtml")) {
      collect(inPages, Files.readString(p), used);
    }
    for (Path p : files(SOURCES, ".java")) {
      collect(inJava, Files.readString(p), used);
    }
    // keys made of a prefix and an enum constant
    for (FolderRole r : FolderRole.values()) {
      used.add("folder." + r.name());
    }
    for (RecordCheck.Status s : RecordCheck.Status.values()) {
      used.add("domain.state." + s.name());
    }
    for (DnsRecord.Need n : DnsRecord.Need.values()) {
      used.add("domain.need." + n.name());
    }
    for (RecipientState s : RecipientState.values()) {
      used.add("queue.state." + s.name());
    }
    for (String g :
        List.of(
            "general", "smtp", "relay", "inbound", "spam", "webmail", "tls", "maillog", "db",
            "dns")) {
      used.add("settings.group." + g); // ServerSettingsBean.group
    }
    used.removeIf(k -> k.endsWith(".")); // a prefix the enums above complete
    used.remove("sp"); // DMARC's tag, not a text
    for (String d : List.of("delivered", "queued", "deferred", "bounced", "unknown")) {
      used.add("delivery." + d); // RecipientStatus kinds
    }
    assertThat(used).as("keys used but missing from Texts.properties").isSubsetOf(known);
    assertThat(used.size()).as("the scan found the keys").isGreaterThan(300);
  }

  private static void collect(Pattern p, String text, Set<String> into) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          into.add(m.group(g));
        }
      }
    }
  }

  @Test
  void noPageHasTextOutsideTheBundles() throws Exception {
    List<String> found = new ArrayList<>();
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (Path p : files(WEBAPP, ".xhtml")) {
      Element root = factory.newDocumentBuilder().parse(p.toFile()).getDocumentElement();
      walk(root, WEBAPP.relativize(p).toString(), found);
    }
    assertThat(found).as("texts written into pages instead of the bundles").isEmpty();
  }

  private static void walk(Node n, String file, List<String> found) {
    if (n instanceof Element e) {
      String tag = e.getTagName();
      if (Set.of("script", "style", "code", "pre", "svg", "symbol").contains(tag)) {
        return;
      }
      NamedNodeMap attrs = e.getAttributes();
      for (int i = 0; i < attrs.getLength(); i++) {
        Attr a = (Attr) attrs.item(i);
        boolean readable =
            TEXT_ATTRIBUTES.contains(a.getName())
                || (a.getName().equals("value") && isButtonOrLabel(e))
                || (tag.equals("ui:param")
                    && a.getName().equals("value")
                    && Set.of("label", "hint", "title").contains(e.getAttribute("name")));
        if (readable && hasWords(a.getValue())) {
          found.add(file + ": <" + tag + " " + a.getName() + "=\"" + a.getValue() + "\">");
        }
      }
    } else if (n.getNodeType() == Node.TEXT_NODE && hasWords(n.getNodeValue())) {
      found.add(file + ": " + n.getNodeValue().strip());
    }
    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
      walk(c, file, found);
    }
  }

  private static boolean isButtonOrLabel(Element e) {
    String tag = e.getTagName();
    return Set.of("h:commandButton", "h:button", "h:outputLabel", "h:commandLink", "h:outputText")
            .contains(tag)
        || (tag.equals("input") && Set.of("submit", "button").contains(e.getAttribute("type")));
  }

  /** Whether text, EL expressions taken out, still has a word a person would read. */
  static boolean hasWords(String text) {
    String t = text.replaceAll("#\\{[^}]*}", " ");
    Matcher m = Pattern.compile("\\p{L}{2,}").matcher(t);
    while (m.find()) {
      if (!SAME_EVERYWHERE.contains(m.group())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theScanSeesTextAndIgnoresExpressions() {
    assertThat(hasWords("#{t['mail.archive']} · #{n}")).isFalse();
    assertThat(hasWords("Postroom")).isFalse();
    assertThat(hasWords("Archive #{n}")).isTrue();
  }

  /** Packages whose sentences reach a page; the API, SMTP and config files speak English. */
  private static final Set<String> SHOWN =
      Set.of(
          "account",
          "contacts",
          "deliverability",
          "delivery",
          "mailbox",
          "mime",
          "sending",
          "web"); // config: its descriptions span lines; everySettingDescription... checks them

  @Test
  void everySentenceAServiceShowsHasItsGermanTranslation() throws IOException {
    Pattern literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    Pattern sentence = Pattern.compile("[A-Z(][^%{}]* [^%{}]*[.?!)]");
    List<String> missing = new ArrayList<>();
    int seen = 0;
    for (Path p : files(SOURCES, ".java")) {
      String pkg = SOURCES.relativize(p).getName(0).toString();
      if (!SHOWN.contains(pkg) || p.toString().contains("/web/api/")) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String s = line.strip();
        if (s.startsWith("*")
            || s.startsWith("//")
            || s.startsWith("/*")
            || s.startsWith("@")
            || s.contains("LOG.")
            || s.contains("Exception(\"cannot")
            || s.contains("IllegalStateException")
            || s.contains("UncheckedIOException")) {
          continue;
        }
        Matcher m = literal.matcher(s);
        while (m.find()) {
          String v = m.group(1).replace("\\\"", "\"");
          if (!sentence.matcher(v).matches() || looksLikeSql(v) || notShown(p, v)) {
            continue;
          }
          seen++;
          if (I18n.sentence(Locale.GERMAN, v).equals(v)) {
            missing.add(SOURCES.relativize(p) + ": " + v);
          }
        }
      }
    }
    assertThat(missing).as("sentences without a line in sentences_de.txt").isEmpty();
    assertThat(seen).as("the scan found the sentences").isGreaterThan(120);
  }

  private static boolean looksLikeSql(String v) {
    return v.matches("(?s)\\(?\\s*(select|update|insert|delete|r\\.|m\\.|and |or ).*")
        || v.contains(" = ?")
        || v.contains("< ?");
  }

  /** Texts that go into mail or logs, not onto a page. */
  private static boolean notShown(Path p, String v) {
    String f = p.getFileName().toString();
    return f.equals("DeliveryReport.java")
        || f.equals("Notices.java")
        || v.startsWith("Delayed Mail");
  }

  @Test
  void everySettingDescriptionHasItsGermanTranslation() {
    List<String> missing = new ArrayList<>();
    for (Setting s : Setting.values()) {
      if (I18n.sentence(Locale.GERMAN, s.description()).equals(s.description())) {
        missing.add(s.key());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void sentencesKeepTheirPlaceholdersAndTheMostSpecificWins() {
    for (I18n.Sentence s : I18n.sentences(Locale.GERMAN)) {
      Matcher m = Pattern.compile("\\{\\d+}").matcher(s.english());
      while (m.find()) {
        assertThat(s.translation()).as(s.english()).contains(m.group());
      }
    }
    assertThat(I18n.sentence(Locale.GERMAN, "Message 42 deleted."))
        .isEqualTo("Nachricht 42 gelöscht.");
    assertThat(I18n.sentence(Locale.GERMAN, "ann@example.org deleted."))
        .isEqualTo("ann@example.org gelöscht.");
    assertThat(I18n.sentence(Locale.GERMAN, "Use at most 64 characters."))
        .isEqualTo("Höchstens 64 Zeichen.");
    assertThat(I18n.sentence(Locale.ENGLISH, "Use at most 64 characters."))
        .isEqualTo("Use at most 64 characters.");
    assertThat(I18n.sentence(Locale.FRENCH, "Nothing changed.")).isEqualTo("Nothing changed.");
  }

  @Test
  void choicePatternsReadNaturallyInBothLanguages() {
    assertThat(I18n.format(Locale.ENGLISH, "mail.done.moved", 1, "Archive"))
        .isEqualTo("1 message moved to Archive.");
    assertThat(I18n.format(Locale.ENGLISH, "mail.done.moved", 8, "Archive"))
        .isEqualTo("8 messages moved to Archive.");
    assertThat(I18n.format(Locale.GERMAN, "mail.done.moved", 8, "Archiv")).contains("8");
    assertThat(I18n.format(Locale.GERMAN, "contacts.importSummary", 3, 0, 1))
        .isEqualTo("3 Kontakte importiert, 1 übersprungen.");
    assertThat(I18n.format(Locale.ENGLISH, "contacts.importSummary", 3, 2, 1))
        .isEqualTo("3 contacts imported, 2 updated, 1 skipped.");
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
