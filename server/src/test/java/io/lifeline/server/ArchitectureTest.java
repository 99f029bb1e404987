package io.lifeline.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout tells the truth: every package of every module is free of cycles; the domain and the
 * Streams apps know nothing of HTTP or of the server; the HTTP edge reaches the topology only through
 * the ports and the domain; and no Java package is split across modules.
 */
class ArchitectureTest {

  /** Main code only: test classes, here or in another module's test-jar, are not the architecture. */
  private static final JavaClasses LIFELINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("io.lifeline");

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("io.lifeline.(**)").should().beFreeOfCycles().check(LIFELINE);
  }

  @Test
  void theTopologyKnowsNothingOfHttpOrTheServer() {
    noClasses().that().resideInAnyPackage("io.lifeline.heartbeat..", "io.lifeline.metering..",
            "io.lifeline.ports..", "io.lifeline.query..", "io.lifeline.streams..", "io.lifeline.schemas..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeline.http..", "io.lifeline.server..", "io.javalin..",
            "io.lifeline.delivery..")
        .check(LIFELINE);
  }

  @Test
  void deliveryKnowsNothingOfHttpOrTheServer() {
    noClasses().that().resideInAPackage("io.lifeline.delivery..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeline.http..", "io.lifeline.server..", "io.javalin..")
        .check(LIFELINE);
  }

  @Test
  void theAuditReplaysTheTopologyWithoutTheServerOrTheEdge() {
    noClasses().that().resideInAPackage("io.lifeline.audit..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeline.http..", "io.lifeline.server..", "io.javalin..")
        .check(LIFELINE);
  }

  @Test
  void theEdgeCallsPortsNotStreamsOrKafkaClients() {
    noClasses().that().resideInAPackage("io.lifeline.http..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeline.server..", "io.lifeline.streams..",
            "io.lifeline.delivery..",
            "io.lifeline.heartbeat.monitor..", "io.lifeline.heartbeat.replica..", "io.lifeline.metering.meter..",
            "org.apache.kafka.streams..", "org.apache.kafka.clients..")
        .check(LIFELINE);
  }

  @Test
  void theDomainRulesDoNotReachIntoTheApps() {
    noClasses().that().resideInAnyPackage("io.lifeline.heartbeat", "io.lifeline.metering", "io.lifeline.ports")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeline.heartbeat.monitor..",
            "io.lifeline.heartbeat.replica..", "io.lifeline.metering.meter..", "io.lifeline.query..")
        .check(LIFELINE);
  }

  @Test
  void everyJavaPackageLivesInOneModule() {
    Path root = Path.of("").toAbsolutePath().getParent();
    Map<String, Set<String>> modulesByPackage = new TreeMap<>();
    for (String module : List.of("schemas", "topology", "ingest-http", "delivery", "audit", "server", "tools")) {
      Path sources = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> modulesByPackage
            .computeIfAbsent(sources.relativize(f.getParent()).toString(), p -> new TreeSet<>()).add(module));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(modulesByPackage).as("packages found").isNotEmpty();
    assertThat(modulesByPackage).allSatisfy((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
  }
}
