package io.fraisier.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.FraisierStore;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scrubbing wrapper is written by hand: a default method of the store interfaces that it does not
 * override would silently run the interface's fallback instead of the real store's (as {@code
 * checkWritable} once did, turning the webhook's write check into a ping).
 */
class ScrubbingStoreTest {

    @Test
    void wrapper_overridesEveryDefaultMethodOfTheStoreInterfaces() throws Exception {
        assertThat(notOverridden(FraisierStore.class, ScrubbingStore.class)).isEmpty();
        Class<?> deployments = Arrays.stream(ScrubbingStore.class.getDeclaredClasses())
                .filter(DeploymentStore.class::isAssignableFrom)
                .findFirst()
                .orElseThrow();
        assertThat(notOverridden(DeploymentStore.class, deployments)).isEmpty();
    }

    private static List<String> notOverridden(Class<?> api, Class<?> impl) {
        return Arrays.stream(api.getMethods())
                .filter(Method::isDefault)
                .filter(m -> {
                    try {
                        return impl.getDeclaredMethod(m.getName(), m.getParameterTypes()) == null;
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::getName)
                .toList();
    }
}
