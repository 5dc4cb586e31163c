package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.HookRunner;
import io.fraisier.core.spi.ServiceDirectory;
import io.fraisier.core.spi.StoreFactory;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A builder or loader handed a {@link ServiceDirectory} finds everything through it, never ServiceLoader. */
class ServiceDirectoryTest {
    @TempDir
    Path dir;

    /** A class loader that fails the test's thread on any ServiceLoader lookup (META-INF/services). */
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

    /** Hands out the harness's fakes and records what was asked. */
    static final class GivenServices implements ServiceDirectory {
        final List<String> asked = new ArrayList<>();
        final Map<Class<?>, List<?>> services;

        GivenServices(Map<Class<?>, List<?>> services) {
            this.services = services;
        }

        @Override
        public synchronized <S> List<S> load(Class<S> service) {
            asked.add(service.getSimpleName());
            List<S> found = new ArrayList<>();
            for (Object o : services.getOrDefault(service, List.of())) {
                found.add(service.cast(o));
            }
            return found;
        }
    }

    @Test
    void build_withGivenServices_takesStoreProvidersListenersAndHooksFromThem_neverFromServiceLoader() {
        EngineHarness h = new EngineHarness();
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        StoreFactory storeFactory = (database, environment) -> h.store;
        GivenServices services = new GivenServices(Map.of(
                StoreFactory.class, List.of(storeFactory),
                DeploymentProviderFactory.class, List.of(h.providers),
                DeploymentListener.class, List.of(h.listener)));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new NoServiceLoader(previous));
        try (Fraisier fraisier = Fraisier.builder()
                .config(ConfigFixtures.config(h.env))
                .services(services)
                .clock(h.clock)
                .sleeper(h.sleeper)
                .holderId(EngineHarness.HOLDER)
                .environment(Map.of())
                .processLiveness(pid -> false)
                .build()) {

            assertThat(fraisier.deploy(h.request())).isInstanceOf(DeploymentOutcome.Succeeded.class);
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(services.asked)
                .contains("StoreFactory", "DeploymentProviderFactory", "DeploymentListener", "HookRunner");
        assertThat(h.listener.events())
                .as("the listener of the directory saw the deployment")
                .isNotEmpty();
    }

    @Test
    void serviceLoader_isTheDefault_andFindsWhatTheClassPathRegisters() {
        // the testkit registers no hook runner: the default directory answers empty, as ServiceLoader does
        assertThat(ServiceDirectory.serviceLoader().load(HookRunner.class)).isEmpty();
        assertThat(ServiceDirectory.serviceLoader().load(StoreFactory.class)).isEmpty();
    }

    @Test
    void configLoader_withGivenProviders_neverAsksServiceLoader() throws IOException {
        EngineHarness h = new EngineHarness();
        Path file = Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    environments:
                      production:
                        provider: scripted
                """);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new NoServiceLoader(previous));
        try {
            var config = new ConfigLoader(Map.of(), dir, List.of())
                    .withProviders(List.of(h.providers))
                    .load(file);

            assertThat(config.fraises()).containsKey("my_api");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
