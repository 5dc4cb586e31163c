package io.fraisier.core.spi;

import java.util.List;
import java.util.ServiceLoader;

/** {@link ServiceDirectory#serviceLoader()}: stateless. */
enum ServiceLoaderDirectory implements ServiceDirectory {
    INSTANCE;

    @Override
    public <S> List<S> load(Class<S> service) {
        return ServiceLoader.load(service).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
