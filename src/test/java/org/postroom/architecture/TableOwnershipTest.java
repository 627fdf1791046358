package org.postroom.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table of the schema has one owning package ({@code docs/architecture.md}, "Who owns which
 * table"), and SQL naming it appears only there: the {@code message} table is written by the
 * mailbox alone, the relay's tables are read by the relay alone.
 */
class TableOwnershipTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern TABLE_USE =
      Pattern.compile("(?i)\\b(?:from|join|into|update|table)\\s+([a-z_]+)\\b");
  private static final Pattern OWNER_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| `([a-z.]+)` \\|$");
  private static final Pattern CREATE = Pattern.compile("(?i)create table ([a-z_]+)");

  @Test
  void everyTableOfTheSchemaHasAnOwnerOnTheMap() throws IOException {
    Map<String, String> owners = owners();
    List<String> tables = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("db"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
        Matcher m = CREATE.matcher(Files.readString(f));
        while (m.find()) {
          tables.add(m.group(1).toLowerCase());
        }
      }
    }
    assertThat(tables).isNotEmpty();
    assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(tables);
    assertThat(owners.values())
        .allMatch(PackageMap.ENTRIES.stream().map(e -> e.name()).toList()::contains);
  }

  @Test
  void sqlNamesATableOnlyInThePackageThatOwnsIt() throws IOException {
    Map<String, String> owners = owners();
    TreeSet<String> leaks = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg =
            SOURCES.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.');
        String relative =
            pkg.startsWith(PackageMap.BASE + ".")
                ? pkg.substring(PackageMap.BASE.length() + 1)
                : pkg;
        for (String literal : stringLiterals(Files.readString(f))) {
          Matcher t = TABLE_USE.matcher(literal);
          while (t.find()) {
            String table = t.group(1).toLowerCase();
            String owner = owners.get(table);
            if (owner != null && !owner.equals(relative)) {
              leaks.add(f.getFileName() + " (" + relative + ") names " + table + " of " + owner);
            }
          }
        }
      }
    }
    assertThat(leaks).as("SQL outside the package that owns the table").isEmpty();
  }

  /** The string literals of a Java source, comments and char literals skipped. */
  static List<String> stringLiterals(String src) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char ch = src.charAt(i);
      if (ch == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        i = src.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (ch == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        i = src.indexOf("*/", i + 2);
        i = i < 0 ? n : i + 2;
      } else if (ch == '\'') {
        i++;
        while (i < n && src.charAt(i) != '\'') {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (ch == '"') {
        boolean block = src.startsWith("\"\"\"", i);
        int start = i + (block ? 3 : 1);
        int j = start;
        while (j < n && !(block ? src.startsWith("\"\"\"", j) : src.charAt(j) == '"')) {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(src.substring(start, Math.min(j, n)));
        i = j + (block ? 3 : 1);
      } else {
        i++;
      }
    }
    return out;
  }

  private static Map<String, String> owners() throws IOException {
    String text = Files.readString(PackageMap.DOCUMENT);
    int start = text.indexOf("<!-- table-owners:start -->");
    int end = text.indexOf("<!-- table-owners:end -->");
    assertThat(start).as("table-owners markers in " + PackageMap.DOCUMENT).isNotNegative();
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.substring(start, end).split("\n")) {
      Matcher m = OWNER_ROW.matcher(line.strip());
      if (m.matches()) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }
}
