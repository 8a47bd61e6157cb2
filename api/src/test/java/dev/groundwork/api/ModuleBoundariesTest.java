package dev.groundwork.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module graph of DESIGN.md: api -> generator, ingest -> vectorstore, model-runtime;
 * model-runtime and vectorstore use no Spring Boot (their thin Spring AI adapters are allowed).
 */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.groundwork");
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.groundwork.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modelRuntimeDependsOnNoSiblingAndNoSpringBoot() {
        noClasses()
                .that()
                .resideInAPackage("dev.groundwork.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.groundwork.vectorstore..",
                        "dev.groundwork.ingest..",
                        "dev.groundwork.generator..",
                        "dev.groundwork.api..",
                        "org.springframework.boot..")
                .check(classes);
    }

    @Test
    void vectorstoreDependsOnNoSiblingAndNoSpringBoot() {
        noClasses()
                .that()
                .resideInAPackage("dev.groundwork.vectorstore..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.groundwork.runtime..",
                        "dev.groundwork.ingest..",
                        "dev.groundwork.generator..",
                        "dev.groundwork.api..",
                        "org.springframework.boot..")
                .check(classes);
    }

    @Test
    void ingestAndGeneratorDoNotDependOnEachOtherOrOnTheApplication() {
        noClasses()
                .that()
                .resideInAPackage("dev.groundwork.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.groundwork.generator..", "dev.groundwork.api..", "org.springframework.boot..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.groundwork.generator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.groundwork.ingest..", "dev.groundwork.api..", "org.springframework.boot..")
                .check(classes);
    }

    @Test
    void everyModuleContributesClasses() {
        for (String module : new String[] {"runtime", "vectorstore", "ingest", "generator", "api"}) {
            org.assertj.core.api.Assertions.assertThat(
                            classes.stream().anyMatch(c -> c.getPackageName().startsWith("dev.groundwork." + module)))
                    .as("classes of module %s are on the test class path", module)
                    .isTrue();
        }
    }
}
