package org.voicebot.dialog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dialog engine stays pure: no network, audio, Vert.x/Netty, threads, clocks or randomness. */
class ArchitectureTest {

  static final String[] FORBIDDEN = {
    "io.vertx..", "io.netty..", "java.net..", "java.nio.channels..", "javax.sound..", "java.util.concurrent..",
    "java.net.http.."
  };

  static final Pattern FORBIDDEN_SOURCE = Pattern.compile(
      "\\b(io\\.vertx|io\\.netty|java\\.net|java\\.nio\\.channels|javax\\.sound|java\\.util\\.concurrent)\\.|"
          + "\\bjava\\.util\\.Random\\b|\\bjava\\.time\\.(Clock|Instant|LocalDateTime)\\b|"
          + "System\\.(currentTimeMillis|nanoTime)|\\bnew Thread\\b");

  // the module's own compiled classes only: fast, and exactly what ships
  final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Path.of("target/classes"));

  @Test
  void dependsOnNoIoFramework() {
    assertThat(classes).isNotEmpty();
    noClasses().that().resideInAPackage("org.voicebot.dialog..")
        .should().dependOnClassesThat().resideInAnyPackage(FORBIDDEN)
        .because("the dialog engine is pure: the gateway owns every edge")
        .check(classes);
  }

  @Test
  void usesNoClockThreadOrRandomness() {
    noClasses().that().resideInAPackage("org.voicebot.dialog..")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
        .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a now() of java.time",
            call -> call.getTargetOwner().getPackageName().equals("java.time") && call.getName().equals("now")))
        .because("time arrives as events (the call's date comes with CallStarted); the engine must be deterministic."
            + " Date values (LocalDate) are data and allowed")
        .check(classes);
  }

  /** An unused import leaves no trace in bytecode, so the sources are read too. */
  @Test
  void sourcesImportNothingForbidden() throws IOException {
    Path root = Path.of("src/main/java");
    assertThat(root).isDirectory();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
            continue;
          }
          if (FORBIDDEN_SOURCE.matcher(line).find()) {
            offenders.add(f + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertThat(offenders).as("forbidden imports or calls in dialog-engine sources").isEmpty();
  }

  @Test
  void sourceScanWouldCatchAnUnusedVertxImport() {
    assertThat(FORBIDDEN_SOURCE.matcher("import io.vertx.core.Vertx;").find()).isTrue();
    assertThat(FORBIDDEN_SOURCE.matcher("import static java.net.URI.create;").find()).isTrue();
    assertThat(FORBIDDEN_SOURCE.matcher("import javax.sound.sampled.AudioSystem;").find()).isTrue();
    assertThat(FORBIDDEN_SOURCE.matcher("import java.util.List;").find()).isFalse();
  }
}
