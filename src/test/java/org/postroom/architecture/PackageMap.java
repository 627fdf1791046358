package org.postroom.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package map as {@code docs/architecture.md} writes it down, between its {@code package-map}
 * markers: one row per package, naming the packages it may import. The document is the only copy;
 * the architecture tests read it from there, so the map and the checks cannot drift apart.
 */
final class PackageMap {
  static final String BASE = "org.postroom";
  static final Path DOCUMENT = Path.of("docs", "architecture.md");

  /** One row: a package (relative to {@link #BASE}) and the packages it may import. */
  record Entry(String name, List<String> mayImport, String description) {}

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|([^|]*)\\|(.*)\\|$");
  private static final Pattern NAME = Pattern.compile("`([a-z.]+)`");

  static final List<Entry> ENTRIES = read(DOCUMENT);

  private PackageMap() {}

  static List<Entry> read(Path document) {
    String text;
    try {
      text = Files.readString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = text.indexOf("<!-- package-map:start -->");
    int end = text.indexOf("<!-- package-map:end -->");
    if (start < 0 || end < start) {
      throw new IllegalStateException(document + " has no package-map markers");
    }
    List<Entry> out = new ArrayList<>();
    for (String line : text.substring(start, end).split("\n")) {
      Matcher m = ROW.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      List<String> imports = new ArrayList<>();
      Matcher n = NAME.matcher(m.group(2));
      while (n.find()) {
        imports.add(n.group(1));
      }
      out.add(new Entry(m.group(1), List.copyOf(imports), m.group(3).strip()));
    }
    List<String> names = out.stream().map(Entry::name).toList();
    for (Entry e : out) {
      for (String i : e.mayImport()) {
        if (!names.contains(i)) {
          throw new IllegalStateException(
              document + ": " + e.name() + " may import " + i + ", which is not on the map");
        }
      }
    }
    return List.copyOf(out);
  }

  /** Repositories hold a package's SQL: reached only through that package's service. */
  static boolean isRepository(JavaClass c) {
    return c.isTopLevelClass() && c.getSimpleName().endsWith("Repository");
  }
}
