package org.postroom.sending;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

/**
 * The rich editor's HTML on the server: cut down to what the editor makes (bold, italic, lists,
 * links, quotes, paragraphs) before it is stored, sent or shown in the editor again, and turned
 * into the text/plain alternative (list items as "- " or "1. ", quotes as "> ", links as "text
 * <url>").
 */
public final class HtmlText {
  private static final Safelist EDITOR =
      new Safelist()
          .addTags(
              "b",
              "strong",
              "i",
              "em",
              "u",
              "ul",
              "ol",
              "li",
              "a",
              "blockquote",
              "p",
              "br",
              "div",
              "span")
          .addAttributes("a", "href")
          .addProtocols("a", "href", "http", "https", "mailto");

  private HtmlText() {}

  /** Only the editor's own elements; scripts, styles, handlers and other URLs are gone. */
  public static String sanitize(String html) {
    Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false);
    return Jsoup.clean(html == null ? "" : html, "", EDITOR, out);
  }

  /** A complete HTML document around the (sanitised) body, for the text/html part. */
  public static String document(String html) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
        + sanitize(html)
        + "\n</body></html>\n";
  }

  /** Plain text as editor HTML: escaped, one line per line. */
  public static String fromPlain(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : (text == null ? "" : text).split("\r?\n", -1)) {
      b.append("<div>").append(line.isEmpty() ? "<br>" : Entities.escape(line)).append("</div>");
    }
    return b.toString();
  }

  /** The text/plain rendering of editor HTML. */
  public static String toPlain(String html) {
    Document d = Jsoup.parseBodyFragment(sanitize(html));
    StringBuilder out = new StringBuilder();
    blocks(d.body(), out, "");
    return out.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip() + "\n";
  }

  private static void blocks(Element parent, StringBuilder out, String prefix) {
    StringBuilder line = new StringBuilder();
    for (Node n : parent.childNodes()) {
      if (n instanceof TextNode t) {
        line.append(t.getWholeText().replaceAll("\\s+", " "));
      } else if (n instanceof Element e) {
        switch (e.normalName()) {
          case "br" -> {
            flush(out, prefix, line, true);
          }
          case "p", "div" -> {
            flush(out, prefix, line, false);
            blocks(e, out, prefix);
          }
          case "blockquote" -> {
            flush(out, prefix, line, false);
            blocks(e, out, prefix + "> ");
          }
          case "ul", "ol" -> {
            flush(out, prefix, line, false);
            int i = 1;
            for (Element li : e.children()) {
              String mark = e.normalName().equals("ol") ? (i++) + ". " : "- ";
              StringBuilder item = new StringBuilder();
              blocks(li, item, "");
              String[] lines = item.toString().strip().split("\n", -1);
              for (int k = 0; k < lines.length; k++) {
                out.append(prefix)
                    .append(k == 0 ? mark : " ".repeat(mark.length()))
                    .append(lines[k])
                    .append('\n');
              }
            }
          }
          case "a" -> {
            String text = e.text();
            String href = e.attr("href");
            line.append(text);
            if (!href.isEmpty() && !href.equals(text) && !href.equals("mailto:" + text)) {
              line.append(" <").append(href).append('>');
            }
          }
          default -> {
            StringBuilder inner = new StringBuilder();
            blocks(e, inner, "");
            line.append(inner.toString().replaceAll("\n+$", ""));
          }
        }
      }
    }
    flush(out, prefix, line, false);
  }

  /** Writes the pending line; a {@code <br>} ends a line even when it is empty. */
  private static void flush(StringBuilder out, String prefix, StringBuilder line, boolean always) {
    String text = line.toString().strip();
    if (!text.isEmpty() || always) {
      out.append(prefix).append(text).append('\n');
    }
    line.setLength(0);
  }
}
