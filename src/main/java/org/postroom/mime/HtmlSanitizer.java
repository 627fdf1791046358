package org.postroom.mime;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;

/**
 * HTML mail through jsoup's allowlist cleaner: only formatting tags and attributes survive (no
 * script, style sheets, forms, frames, SVG, event handlers, {@code javascript:} or relative URLs).
 * Then everything that would contact another server is removed unless the user allowed it: remote
 * {@code img src}, CSS {@code url()} in style attributes ({@code srcset}, {@code background}, link
 * and SVG never pass the allowlist). {@code cid:} images are replaced by what the resolver returns
 * (a data: URL). Links open in a new tab without opener or referrer.
 */
public final class HtmlSanitizer {
  private static final Set<String> DATA_IMAGES =
      Set.of("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp");
  private static final Pattern CSS_PROPERTY = Pattern.compile("[a-zA-Z-]{1,40}");
  private static final Pattern CSS_FORBIDDEN =
      Pattern.compile(
          "(?i)expression|javascript|vbscript|behavior|binding|@import|\\\\|/\\*|<|>|image-set|"
              + "element\\(|attr\\(");
  private static final Pattern CSS_URL =
      Pattern.compile("(?i)url\\(\\s*['\"]?\\s*(https?://[^'\")\\s]+)\\s*['\"]?\\s*\\)");
  private static final Safelist SAFELIST = safelist();

  private HtmlSanitizer() {}

  /** Clean HTML for the frame and how many remote references were blocked. */
  public record Sanitized(String html, int blockedRemote) {}

  /**
   * @param allowRemote keep remote images and CSS {@code url(https://...)}
   * @param cid a content id to a data: URL (or null when there is no such image)
   */
  public static Sanitized sanitize(String html, boolean allowRemote, Function<String, String> cid) {
    Document dirty = Jsoup.parse(html == null ? "" : html);
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    clean.outputSettings().prettyPrint(false).escapeMode(Entities.EscapeMode.base).charset("UTF-8");
    int blocked = 0;
    for (Element img : clean.select("img")) {
      String src = img.attr("src").strip();
      String lower = src.toLowerCase(Locale.ROOT);
      if (lower.startsWith("cid:")) {
        String data = cid.apply(src.substring(4));
        if (data == null) {
          img.removeAttr("src");
        } else {
          img.attr("src", data);
        }
      } else if (lower.startsWith("data:")) {
        if (DATA_IMAGES.stream().noneMatch(lower::startsWith)) {
          img.removeAttr("src");
        }
      } else if (lower.startsWith("http:") || lower.startsWith("https:")) {
        if (!allowRemote) {
          img.removeAttr("src");
          img.attr("alt", img.attr("alt").isBlank() ? "[image]" : img.attr("alt"));
          blocked++;
        }
      } else {
        img.removeAttr("src");
      }
    }
    for (Element e : clean.select("[style]")) {
      Css css = css(e.attr("style"), allowRemote);
      blocked += css.blocked;
      if (css.text.isEmpty()) {
        e.removeAttr("style");
      } else {
        e.attr("style", css.text);
      }
    }
    for (Element a : clean.select("a")) {
      if (!a.hasAttr("href")) {
        a.removeAttr("target");
        a.removeAttr("rel");
      }
    }
    return new Sanitized(clean.body().html(), blocked);
  }

  private record Css(String text, int blocked) {}

  private static Css css(String style, boolean allowRemote) {
    StringBuilder out = new StringBuilder();
    int blocked = 0;
    for (String decl : style.split(";")) {
      int colon = decl.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String prop = decl.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = decl.substring(colon + 1).strip();
      if (!CSS_PROPERTY.matcher(prop).matches()
          || CSS_FORBIDDEN.matcher(value).find()
          || prop.equals("position")
          || prop.startsWith("-")) {
        continue;
      }
      if (value.toLowerCase(Locale.ROOT).contains("url(")) {
        String withoutRemote = CSS_URL.matcher(value).replaceAll("");
        boolean onlyRemoteUrls = !withoutRemote.toLowerCase(Locale.ROOT).contains("url(");
        if (!allowRemote || !onlyRemoteUrls) {
          blocked++;
          continue;
        }
      }
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(prop).append(": ").append(value);
    }
    return new Css(out.toString(), blocked);
  }

  private static Safelist safelist() {
    Safelist s =
        Safelist.relaxed()
            .addTags(
                "font",
                "center",
                "hr",
                "s",
                "del",
                "ins",
                "abbr",
                "big",
                "address",
                "section",
                "article",
                "header",
                "footer",
                "main",
                "figure",
                "figcaption",
                "mark",
                "time",
                "wbr",
                "tt",
                "kbd",
                "samp",
                "var",
                "bdi")
            .addAttributes(":all", "style", "title", "dir", "lang", "align")
            .addAttributes(
                "table", "width", "border", "cellpadding", "cellspacing", "bgcolor", "align")
            .addAttributes(
                "td", "width", "height", "bgcolor", "align", "valign", "colspan", "rowspan",
                "nowrap")
            .addAttributes(
                "th", "width", "height", "bgcolor", "align", "valign", "colspan", "rowspan")
            .addAttributes("tr", "bgcolor", "align", "valign")
            .addAttributes("font", "color", "face", "size")
            .addAttributes("img", "border", "hspace", "vspace")
            .addProtocols("img", "src", "http", "https", "cid", "data")
            .addEnforcedAttribute("a", "target", "_blank")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer");
    s.removeProtocols("a", "href", "ftp");
    s.preserveRelativeLinks(false);
    return s;
  }

  /** Text as HTML text content. */
  public static String escape(String s) {
    return Entities.escape(s == null ? "" : s);
  }

  /**
   * The HTML's text with line breaks where blocks end: the "plain text" switch of HTML-only mail.
   */
  public static String toText(String html) {
    Document d = Jsoup.parse(html == null ? "" : html);
    StringBuilder sb = new StringBuilder();
    d.body()
        .traverse(
            new NodeVisitor() {
              @Override
              public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                  sb.append(t.text());
                } else if (node instanceof Element e && e.normalName().equals("br")) {
                  sb.append('\n');
                }
              }

              @Override
              public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock() && !e.normalName().equals("br")) {
                  if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                    sb.append('\n');
                  }
                }
              }
            });
    return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
  }
}
