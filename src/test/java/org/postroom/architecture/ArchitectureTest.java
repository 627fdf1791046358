package org.postroom.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of {@code docs/architecture.md}, checked on the compiled classes of {@code
 * src/main}: which package may import which ({@link PackageMap}), no cycles, an SMTP engine that
 * knows only {@code core}, repositories that stay inside their package, one class per simple name.
 * A failure names the offending classes and the import that breaks the rule.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(PackageMap.BASE);
  }

  @Test
  void everyPackageImportsOnlyThePackagesTheMapAllows() {
    Architectures.LayeredArchitecture layers =
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (PackageMap.Entry e : PackageMap.ENTRIES) {
      layers = layers.layer(e.name()).definedBy(PackageMap.BASE + "." + e.name());
    }
    for (PackageMap.Entry e : PackageMap.ENTRIES) {
      layers =
          e.mayImport().isEmpty()
              ? layers.whereLayer(e.name()).mayNotAccessAnyLayer()
              : layers
                  .whereLayer(e.name())
                  .mayOnlyAccessLayers(e.mayImport().toArray(String[]::new));
    }
    layers.because("docs/architecture.md says which package may import which").check(main);
  }

  @Test
  void theMapAllowsNoImportThatNothingUses() {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JavaClass c : main) {
      for (var d : c.getDirectDependenciesFromSelf()) {
        String from = relative(c.getPackageName());
        String to = relative(d.getTargetClass().getPackageName());
        if (from != null && to != null && !from.equals(to)) {
          used.computeIfAbsent(from, k -> new java.util.TreeSet<>()).add(to);
        }
      }
    }
    List<String> stale = new ArrayList<>();
    for (PackageMap.Entry e : PackageMap.ENTRIES) {
      for (String allowed : e.mayImport()) {
        if (!used.getOrDefault(e.name(), Set.of()).contains(allowed)) {
          stale.add(e.name() + " may import " + allowed + " but does not");
        }
      }
    }
    assertThat(stale).as("allowances in docs/architecture.md that the code does not use").isEmpty();
  }

  @Test
  void theReadmeTreeNamesEveryPackageWithWhatTheMapLetsItImport() throws java.io.IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    String tree = readme.substring(readme.indexOf("src/main/java/org/postroom/      package"));
    tree = tree.substring(0, tree.indexOf("src/test/java"));
    Map<String, List<String>> inReadme = new TreeMap<>();
    String parent = null;
    java.util.regex.Pattern row =
        java.util.regex.Pattern.compile("^( {2}| {4})([a-z]+)/\\s.*\\[([a-z. ]*)\\]$");
    for (String line : tree.split("\n")) {
      java.util.regex.Matcher m = row.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1).length() == 2 ? m.group(2) : parent + "." + m.group(2);
      if (m.group(1).length() == 2) {
        parent = m.group(2);
      }
      List<String> imports =
          java.util.Arrays.stream(m.group(3).split(" "))
              .filter(x -> !x.isEmpty())
              .sorted()
              .toList();
      inReadme.put(name, imports);
    }
    Map<String, List<String>> onMap = new TreeMap<>();
    PackageMap.ENTRIES.forEach(e -> onMap.put(e.name(), e.mayImport().stream().sorted().toList()));
    assertThat(inReadme).as("the README's tree against docs/architecture.md").isEqualTo(onMap);
  }

  private static String relative(String pkg) {
    return pkg.startsWith(PackageMap.BASE + ".")
        ? pkg.substring(PackageMap.BASE.length() + 1)
        : null;
  }

  @Test
  void everyPackageIsOnTheMap() {
    Set<String> mapped =
        PackageMap.ENTRIES.stream()
            .map(e -> PackageMap.BASE + "." + e.name())
            .collect(Collectors.toSet());
    List<String> unmapped =
        main.stream()
            .map(JavaClass::getPackageName)
            .filter(p -> !mapped.contains(p))
            .distinct()
            .sorted()
            .toList();
    assertThat(unmapped).as("packages missing from PackageMap and docs/architecture.md").isEmpty();
  }

  @Test
  void noPackageDependsOnAnotherThatDependsBackOnIt() {
    slices()
        .matching(PackageMap.BASE + ".(**)")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one that cannot change apart")
        .check(main);
  }

  @Test
  void theSmtpEngineKnowsOnlyCoreJakartaMailAndTheJdk() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage(PackageMap.BASE + ".smtp")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                "java..",
                "javax.net.ssl..",
                "jakarta.mail.internet..",
                PackageMap.BASE + ".core..",
                PackageMap.BASE + ".smtp")
            .because(
                "the SMTP rules stay free of storage, policy and logs; smtp.server adapts them");
    rule.check(main);
  }

  @Test
  void repositoriesAreReachedOnlyThroughTheServiceOfTheirPackage() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass repo : main) {
      if (!PackageMap.isRepository(repo)) {
        continue;
      }
      repo.getAccessesToSelf().stream()
          .filter(a -> !a.getOriginOwner().getPackageName().equals(repo.getPackageName()))
          .map(a -> a.getOriginOwner().getName() + " uses " + repo.getName())
          .distinct()
          .forEach(leaks::add);
      if (repo.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
        leaks.add(repo.getName() + " is public");
      }
    }
    assertThat(leaks).as("repositories used outside their own package").isEmpty();
  }

  @Test
  void noTwoClassesShareASimpleName() {
    Map<String, List<String>> byName = new TreeMap<>();
    for (JavaClass c : main) {
      if (c.isTopLevelClass()) {
        byName.computeIfAbsent(c.getSimpleName(), k -> new ArrayList<>()).add(c.getName());
      }
    }
    byName.values().removeIf(l -> l.size() < 2);
    assertThat(byName).as("classes with the same simple name").isEmpty();
  }

  @Test
  void pagesProtocolsAndValuesNeverTouchJdbc() {
    noClasses()
        .that()
        .resideInAnyPackage(
            PackageMap.BASE + ".web..",
            PackageMap.BASE + ".api..",
            PackageMap.BASE + ".smtp..",
            PackageMap.BASE + ".mime..",
            PackageMap.BASE + ".core..",
            PackageMap.BASE + ".config..",
            PackageMap.BASE + ".boot..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..")
        .because("SQL stays in the package that owns the tables, behind its service")
        .check(main);
  }

  @Test
  void bootAndConfigRunBeforePayaraOnTheJdkAlone() {
    classes()
        .that()
        .resideInAnyPackage(PackageMap.BASE + ".boot..", PackageMap.BASE + ".config..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "javax..", PackageMap.BASE + ".boot..", PackageMap.BASE + ".config..")
        .because("the launcher runs from the jar's root before Payara's classes are there")
        .check(main);
  }
}
