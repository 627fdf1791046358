package org.postroom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table lists exactly the keys in {@link Setting}, with their defaults.
 */
class ReadmeConfigTableTest {
  @Test
  void readmeTableMatchesTheSettingsInCode() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table =
        readme.substring(
            readme.indexOf("<!-- config-table:start -->"),
            readme.indexOf("<!-- config-table:end -->"));
    List<String> documented = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.startsWith("| `postroom.")) {
        documented.add(line.substring(3, line.indexOf('`', 3)));
      }
    }
    List<String> inCode = new ArrayList<>();
    for (Setting s : Setting.values()) {
      inCode.add(s.key());
      String row =
          table.lines().filter(l -> l.startsWith("| `" + s.key() + "`")).findFirst().orElse("");
      assertThat(row).as("README row of " + s.key()).contains("`" + s.envName() + "`");
      String def = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
      assertThat(row).as("default of " + s.key()).contains(def);
      assertThat(row)
          .as("scope of " + s.key())
          .contains(s.scope() == Setting.Scope.RUNTIME ? "| runtime |" : "| start |");
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(inCode);
  }
}
