package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ServiceDirectory;
import io.fraisier.core.spi.StoreFactory;
import io.fraisier.persistence.JooqStoreFactory;
import io.fraisier.providers.local.LocalDeploymentProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceIndexTest {
    private static final String STORE = StoreFactory.class.getName();
    private static final String PROVIDERS = DeploymentProviderFactory.class.getName();

    @TempDir
    Path dir;

    /** ServiceLoader, counting the services it is asked for. */
    static final class CountingFallback implements ServiceDirectory {
        final List<String> asked = new ArrayList<>();

        @Override
        public synchronized <S> List<S> load(Class<S> service) {
            asked.add(service.getName());
            return ServiceDirectory.serviceLoader().load(service);
        }
    }

    /** Fails the test on any ServiceLoader lookup made with it as the context class loader. */
    static final class NoServiceLoader extends ClassLoader {
        NoServiceLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                throw new AssertionError("ServiceLoader asked for " + name);
            }
            return super.getResources(name);
        }
    }

    private ServiceIndex index(CountingFallback fallback, String... lines) throws IOException {
        return new ServiceIndex(Files.write(dir.resolve("services"), List.of(lines)), fallback);
    }

    private static <T> T withoutServiceLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new NoServiceLoader(previous));
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void load_makesTheNamedImplementations_inOrder_withoutServiceLoader() throws IOException {
        CountingFallback fallback = new CountingFallback();
        ServiceIndex index = index(
                fallback,
                "# written by ServiceIndexWriter",
                "",
                STORE + " " + JooqStoreFactory.class.getName() + "   # the only store",
                "   ",
                PROVIDERS + "\t" + LocalDeploymentProviderFactory.class.getName(),
                PROVIDERS + " io.fraisier.providers.docker.DockerDeploymentProviderFactory",
                PROVIDERS + " " + LocalDeploymentProviderFactory.class.getName());

        List<StoreFactory> stores = withoutServiceLoader(() -> index.load(StoreFactory.class));
        List<DeploymentProviderFactory> providers =
                withoutServiceLoader(() -> index.load(DeploymentProviderFactory.class));
        List<DeploymentListener> listeners = withoutServiceLoader(() -> index.load(DeploymentListener.class));

        assertThat(stores).singleElement().isInstanceOf(JooqStoreFactory.class);
        assertThat(providers)
                .as("the duplicate is made once, in first-seen order")
                .extracting(DeploymentProviderFactory::type)
                .containsExactly("local", "docker");
        assertThat(listeners).as("a service the index does not name has none").isEmpty();
        assertThat(fallback.asked).isEmpty();
    }

    @Test
    void load_whenAnImplementationIsMissing_asksServiceLoaderForThatServiceOnly() throws IOException {
        CountingFallback fallback = new CountingFallback();
        ServiceIndex index = index(
                fallback,
                STORE + " " + JooqStoreFactory.class.getName(),
                PROVIDERS + " io.fraisier.providers.gone.GoneDeploymentProviderFactory");

        List<DeploymentProviderFactory> providers = index.load(DeploymentProviderFactory.class);
        List<StoreFactory> stores = index.load(StoreFactory.class);

        assertThat(providers)
                .as("what ServiceLoader finds on the test class path")
                .extracting(DeploymentProviderFactory::type)
                .contains("local", "docker")
                .doesNotContain("gone");
        assertThat(stores).singleElement().isInstanceOf(JooqStoreFactory.class);
        assertThat(fallback.asked).containsExactly(PROVIDERS);
    }

    @Test
    void load_whenAnEntryIsNotAnImplementation_orALineIsMalformed_asksServiceLoader() throws IOException {
        CountingFallback fallback = new CountingFallback();
        ServiceIndex index = index(
                fallback,
                STORE + " " + String.class.getName(),
                PROVIDERS + " one two",
                DeploymentListener.class.getName());

        assertThat(index.load(StoreFactory.class)).singleElement().isInstanceOf(JooqStoreFactory.class);
        assertThat(index.load(DeploymentProviderFactory.class)).isNotEmpty();
        index.load(DeploymentListener.class);

        assertThat(fallback.asked).containsExactly(STORE, PROVIDERS, DeploymentListener.class.getName());
    }

    @Test
    void load_withoutTheFile_asksServiceLoaderForEverything() {
        CountingFallback fallback = new CountingFallback();
        ServiceIndex index = new ServiceIndex(dir.resolve("missing"), fallback);

        assertThat(index.load(StoreFactory.class)).singleElement().isInstanceOf(JooqStoreFactory.class);
        assertThat(fallback.asked).containsExactly(STORE);
    }

    @Test
    void fromSystemProperty_withoutIt_isServiceLoader() {
        assertThat(System.getProperty(ServiceIndex.PROPERTY)).isNull();
        assertThat(ServiceIndex.fromSystemProperty()).isSameAs(ServiceDirectory.serviceLoader());
    }

    @Test
    void writer_mergesTheJarsServiceFiles_inClassPathOrder_asServiceLoaderReadsThem() throws IOException {
        jar("a.jar", PROVIDERS, "# providers of a\nx.A1  # first\n\n  x.A2\n");
        jar("b.jar", PROVIDERS, "x.B1\nx.A1\n");
        jar("b2.jar", STORE, "x.Store\n");
        Files.write(dir.resolve("classpath"), List.of("b2.jar", "a.jar", "", "b.jar"));

        ServiceIndexWriter.main(new String[] {dir.toString()});

        List<String> written = Files.readAllLines(dir.resolve("services"));
        assertThat(written.get(0)).startsWith("#");
        assertThat(written.subList(1, written.size()))
                .containsExactly(STORE + " x.Store", PROVIDERS + " x.A1", PROVIDERS + " x.A2", PROVIDERS + " x.B1");
        assertThat(ServiceIndex.parse(written).implementations().get(PROVIDERS))
                .containsExactly("x.A1", "x.A2", "x.B1");
    }

    @Test
    void writer_namesTheClassPathsLoggerFinder_inABootJarOfItsOwn_andNoneWithoutOne() throws IOException {
        String finder = "java.lang.System$LoggerFinder";
        jar("a.jar", STORE, "x.Store\n");
        jar("slf4j.jar", finder, "org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder\n");
        Files.write(dir.resolve("classpath"), List.of("a.jar", "slf4j.jar"));

        ServiceIndexWriter.write(dir);

        Path boot = dir.resolve("boot/logger-finder.jar");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(boot.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("META-INF/services/" + finder);
            assertThat(new String(
                            zip.getInputStream(zip.getEntry("META-INF/services/" + finder))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder\n");
        }

        // a class path that names no finder: no boot jar, and the stale one is gone
        Files.write(dir.resolve("classpath"), List.of("a.jar"));
        ServiceIndexWriter.write(dir);
        assertThat(boot).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("services"))).contains(STORE + " x.Store");
    }

    @Test
    void writer_refusesAClassPathHoldingPostgresDriverDefaults_whichTheLauncherWouldHide() throws IOException {
        jar("a.jar", STORE, "x.Store\n");
        try (OutputStream file = Files.newOutputStream(dir.resolve("defaults.jar"));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("org/postgresql/driverconfig.properties"));
            zip.write("ssl=true\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.write(dir.resolve("classpath"), List.of("a.jar", "defaults.jar"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceIndexWriter.write(dir))
                .hasMessageContaining("defaults.jar holds org/postgresql/driverconfig.properties");
        assertThat(dir.resolve("services")).doesNotExist();
    }

    private void jar(String name, String service, String text) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(name));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/services/" + service));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("x/A1.class"));
            zip.closeEntry();
        }
    }
}
