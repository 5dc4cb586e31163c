package io.fraisier.cli;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines between modules (DESIGN.md "Modules"), checked on every module's main classes: this module
 * has all of them on its test classpath.
 */
class ArchitectureTest {
    private static final List<String> ADAPTERS =
            List.of("io.fraisier.persistence..", "io.fraisier.providers..", "io.fraisier.metrics..");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::isNotATestJar)
                .importPackages("io.fraisier");
    }

    // fraisier-core's test kit (contracts, fakes) is a -tests.jar, which the predefined option misses
    private static boolean isNotATestJar(Location location) {
        return !location.contains("-tests.jar");
    }

    @Test
    void core_doesNoJdbcNetworkProcessOrLoggingBackendWork() {
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.core..")
                .should()
                .dependOnClassesThat(or(
                        resideInAnyPackage(
                                "java.sql..",
                                "javax.sql..",
                                "java.net.http..",
                                "ch.qos.logback..",
                                "org.slf4j..",
                                "com.zaxxer..",
                                "org.jooq.."),
                        assignableTo(Socket.class),
                        assignableTo(ServerSocket.class),
                        assignableTo(DatagramSocket.class),
                        assignableTo(SocketChannel.class),
                        assignableTo(URLConnection.class),
                        assignableTo(HttpURLConnection.class),
                        assignableTo(ProcessBuilder.class),
                        assignableTo(Process.class)))
                .orShould()
                .callMethod(URL.class, "openConnection")
                .orShould()
                .callMethod(URL.class, "openStream")
                .orShould()
                .callMethod(Runtime.class, "exec", String.class)
                .orShould()
                .callMethod(Runtime.class, "exec", String[].class)
                .because("core is the domain: adapters do JDBC, network, processes and logging (DESIGN.md)")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void core_dependsOnNoAdapterOrApp() {
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.fraisier.persistence..",
                        "io.fraisier.providers..",
                        "io.fraisier.metrics..",
                        "io.fraisier.webhook..",
                        "io.fraisier.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void adapters_doNotDependOnEachOther() {
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(adapter)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .because("adapters meet only through core's ports; the apps wire them")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void adapters_doNotDependOnTheApps() {
        noClasses()
                .that()
                .resideInAnyPackage(ADAPTERS.toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.fraisier.cli..", "io.fraisier.webhook..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void cliAndWebhookDaemon_doNotDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fraisier.webhook..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fraisier.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void modules_haveNoPackageCycles() {
        slices().matching("io.fraisier.(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void import_seesTheCliAndCore() {
        org.assertj.core.api.Assertions.assertThat(classes.contain(FraisierCommand.class))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.contain(io.fraisier.core.error.FraisierException.class))
                .isTrue();
    }
}
