package io.candor.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout of docs/architecture.md, checked on the compiled classes: feature packages depend on each other in one
 * direction only, {@code common} depends on no feature, resources never reach the database themselves, and the
 * moderation engine knows no content feature.
 */
class ArchitectureTest {

    /** Every feature package, top to bottom: a package may depend only on packages after it. */
    static final String[] LAYERS = {"web", "demo", "privacy", "transparency", "appeal", "feedback", "invitation", "anonymous", "review", "moderation", "summary",
            "transaction", "webhook", "party", "auth", "tenant", "audit", "media", "common"};

    private static JavaClasses candor;

    @BeforeAll
    static void importClasses() {
        candor = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.candor");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.candor.(*)..").should().beFreeOfCycles().check(candor);
    }

    @Test
    void everyArrowPointsDown() {
        for (int i = 0; i < LAYERS.length; i++) {
            String[] above = java.util.Arrays.copyOfRange(LAYERS, 0, i);
            if (above.length == 0) {
                continue;
            }
            ArchRule rule = noClasses().that().resideInAPackage("io.candor." + LAYERS[i] + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.stream(above).map(p -> "io.candor." + p + "..")
                            .toArray(String[]::new))
                    .because(LAYERS[i] + " sits below " + String.join(", ", above) + " in docs/architecture.md");
            rule.check(candor);
        }
    }

    @Test
    void everyFeaturePackageIsInTheLayering() {
        java.util.Set<String> packages = new java.util.TreeSet<>();
        candor.forEach(c -> {
            String name = c.getPackageName();
            if (name.startsWith("io.candor.")) {
                packages.add(name.substring("io.candor.".length()).split("\\.")[0]);
            }
        });
        org.junit.jupiter.api.Assertions.assertEquals(new java.util.TreeSet<>(java.util.List.of(LAYERS)), packages,
                "a new feature package takes its place in LAYERS and in docs/architecture.md");
    }

    @Test
    void commonImportsNoFeature() {
        noClasses().that().resideInAPackage("io.candor.common..")
                .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.stream(LAYERS).filter(p -> !p.equals("common"))
                        .map(p -> "io.candor." + p + "..").toArray(String[]::new))
                .check(candor);
    }

    @Test
    void resourcesNeverTouchTheDatabase() {
        noClasses().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.persistence.EntityManager")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.candor.common.Jdbc")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
                .because("a resource is HTTP to DTO and back; its feature's service or query class reads and writes")
                .check(candor);
    }

    @Test
    void theModerationEngineKnowsNoContentFeature() {
        noClasses().that().resideInAPackage("io.candor.moderation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.candor.review..", "io.candor.feedback..", "io.candor.appeal..")
                .because("review/ and feedback/ plug their content in through moderation.ModeratedKind")
                .check(candor);
    }

    @Test
    void onlyTheStateMachinesMoveReviewsAndResponses() {
        classes().that().haveSimpleName("ReviewStatus").should().resideInAPackage("io.candor.review").check(candor);
        noClasses().that().resideOutsideOfPackage("io.candor.review")
                .should().callMethod(io.candor.review.ReviewTransitions.class, "move", io.candor.tenant.TenantContext.class,
                        io.candor.review.Review.class, io.candor.review.ReviewStatus.class, io.candor.audit.AuditLog.Actor.class, String.class,
                        java.util.Map.class, java.time.Instant.class)
                .because("other features change a review through review's services (moderation kinds, SealedReviews)")
                .check(candor);
    }
}
