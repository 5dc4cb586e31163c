package io.fraisier.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines between modules and packages (DESIGN.md "Modules", docs/ARCHITECTURE.md), checked on the main
 * classes of every module: this module has all of them on its test class path, and
 * {@link #import_seesEveryModule()} fails if one goes missing, so no rule can pass by checking nothing.
 */
class ArchitectureTest {
    private static final String CORE = "io.fraisier.core..";
    private static final List<String> ADAPTERS =
            List.of("io.fraisier.persistence..", "io.fraisier.providers..", "io.fraisier.metrics..");
    private static final List<String> APPS = List.of("io.fraisier.cli..", "io.fraisier.webhook..");
    /** The apps' logback set-up (fraisier-logging): theirs alone, and it knows no other Fraisier module. */
    private static final String LOGGING = "io.fraisier.logging..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fraisier");
    }

    @Test
    void import_seesEveryModule() {
        for (String module : List.of(
                "io.fraisier.core.api.Fraisier",
                "io.fraisier.testkit.package-info",
                "io.fraisier.persistence.JooqStoreFactory",
                "io.fraisier.providers.shell.CommandRunner",
                "io.fraisier.metrics.MetricsExporter",
                "io.fraisier.logging.FraisierLogback",
                "io.fraisier.webhook.WebhookServer",
                "io.fraisier.cli.FraisierCommand")) {
            assertThat(classes.contain(module)).as(module).isTrue();
        }
    }

    @Test
    void core_doesNoJdbcNetworkProcessOrLoggingBackendWork() {
        noClasses()
                .that()
                .resideInAPackage(CORE)
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
                .check(classes);
    }

    @Test
    void core_dependsOnNoAdapterAppOrTestKit() {
        noClasses()
                .that()
                .resideInAPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(Stream.concat(
                                Stream.concat(ADAPTERS.stream(), APPS.stream()), Stream.of("io.fraisier.testkit.."))
                        .toArray(String[]::new))
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
                .resideInAnyPackage(APPS.toArray(String[]::new))
                .check(classes);
    }

    @Test
    void logging_isUsedByTheAppsOnly_andDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        Stream.concat(APPS.stream(), Stream.of(LOGGING)).toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(LOGGING)
                .because("core and the adapters log through slf4j-api; the backend is the apps' (or the embedder's)")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(LOGGING)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(Stream.concat(
                                Stream.concat(Stream.of(CORE, "io.fraisier.testkit.."), ADAPTERS.stream()),
                                APPS.stream())
                        .toArray(String[]::new))
                .because("it takes the scrubber as a function: the apps bring core's Scrubber")
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
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fraisier.cli..")
                .check(classes);
    }

    @Test
    void onlyCore_usesCoreInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fraisier.core.internal..")
                .because("the other modules go through core's api, spi, config and model packages")
                .check(classes);
    }

    @Test
    void mainCode_neverUsesTheTestKit() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.fraisier.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fraisier.testkit..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.fraisier.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(APPS.toArray(String[]::new))
                .because("the test kit serves adapters' tests: it knows core, never the apps")
                .check(classes);
    }

    /**
     * Only the console and logging set-ups and the build-time mains write to stderr themselves; everything
     * else goes through a logger (scrubbed, levelled) or the writer it is given. A stray debug print in a
     * daemon's loop reached main once and wrote a line a second.
     */
    @Test
    void onlyTheConsoleSetUpsAndBuildMains_writeToStderr() {
        noClasses()
                .that()
                .haveNameNotMatching("io\\.fraisier\\.(cli\\.(AotTraining|ServiceIndexWriter"
                        + "|logging\\.ConsoleLoggerFactory)|webhook\\.(AotTraining|WebhookMain)"
                        + "|logging\\.FraisierLogback|testkit\\.db\\.EmbeddedPostgresServer)(\\$.*)?")
                .should()
                .accessField(System.class, "err")
                .because("output goes through a logger or a given writer, never a stray print")
                .check(classes);
    }

    /**
     * Case changes name their locale: {@code "TIMEOUT".toLowerCase()} is "tımeout" (a dotless ı) on a host whose
     * default locale is Turkish, so a check like {@code contains("timeout")} quietly fails there. One such check
     * in the SSH provider's failure reading was found and fixed when this rule came.
     */
    @Test
    void caseChanges_nameTheirLocale() {
        noClasses()
                .should()
                .callMethod(String.class, "toLowerCase")
                .orShould()
                .callMethod(String.class, "toUpperCase")
                .because("the default locale changes letters (Turkish i): use toLowerCase(Locale.ROOT)")
                .check(classes);
    }

    /** Every package is a slice: a cycle between any two packages, in a module or across, fails. */
    @Test
    void packages_formNoCycles() {
        slices().matching("io.fraisier.(**)").should().beFreeOfCycles().check(classes);
    }

    /** Providers own their keys (issue #13): core names no provider type. */
    @Test
    void core_namesNoProviderType() throws IOException {
        Path coreMain = Path.of("..", "fraisier-core", "src", "main", "java");
        assertThat(coreMain).isDirectory();
        Pattern typeName = Pattern.compile("\"(bare_metal|docker_compose|coolify|local|docker)\"");
        try (Stream<Path> files = Files.walk(coreMain)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> typeName.matcher(read(p)).find())
                    .map(p -> coreMain.relativize(p).toString())
                    .toList();
            assertThat(offenders).as("core sources quoting a provider type").isEmpty();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
