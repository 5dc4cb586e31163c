package io.fraisier.core.spi;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the implementations of a service interface ({@link StoreFactory}, {@link DeploymentProviderFactory},
 * {@link DeploymentListener}, {@link HookRunner}) come from. The default, {@link #serviceLoader()}, asks
 * {@link ServiceLoader}, which reads {@code META-INF/services/} of every jar on the class path; the
 * executable hands in one that reads an index written at package time instead, so that a short command
 * opens only the jars whose classes it uses.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ServiceDirectory {
    /**
     * New instances of the implementations of {@code service}, in class-path order (as {@link ServiceLoader}
     * returns them); empty when there is none.
     *
     * @throws java.util.ServiceConfigurationError as {@link ServiceLoader} does, when one cannot be made
     */
    <S> List<S> load(Class<S> service);

    /** {@link ServiceLoader#load(Class)}: the thread's context class loader, every jar of the class path. */
    static ServiceDirectory serviceLoader() {
        return ServiceLoaderDirectory.INSTANCE;
    }
}
