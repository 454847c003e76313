package dev.weightgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries: each capability package talks to another only through that package's root (its API), and
 * the embedded engine is a plain library that depends on nothing of ours and nothing of Spring's.
 */
class ModularityTests {

    // The engine is a library beneath the modules, not one of them: its sub-packages are its public structure.
    static final ApplicationModules modules = ApplicationModules.of(WeightgateApplication.class,
            JavaClass.Predicates.resideInAPackage("dev.weightgate.engine.."));

    static final JavaClasses engineClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weightgate.engine");

    @Test
    void modulesDependOnEachOtherOnlyThroughTheirApis() {
        modules.verify();
    }

    @Test
    void engineUsesNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(engineClasses);
    }

    @Test
    void engineDependsOnNoOtherPartOfTheGateway() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.weightgate.api..", "dev.weightgate.backend..", "dev.weightgate.tenancy..",
                        "dev.weightgate.quota..", "dev.weightgate.policy..", "dev.weightgate.audit..",
                        "dev.weightgate.admin..", "dev.weightgate.cli..")
                .allowEmptyShould(true)
                .check(engineClasses);
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
