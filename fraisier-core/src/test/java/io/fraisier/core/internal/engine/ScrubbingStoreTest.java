package io.fraisier.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.internal.notify.NotifyingStore;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.FraisierStore;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store wrappers are written by hand (over {@code ForwardingStore}): a default method of the store
 * interfaces that none of them overrides would silently run the interface's fallback instead of the real store's (as {@code
 * checkWritable} once did, turning the webhook's write check into a ping).
 */
class ScrubbingStoreTest {

    @Test
    void wrapper_overridesEveryDefaultMethodOfTheStoreInterfaces() throws Exception {
        assertThat(notOverridden(FraisierStore.class, ScrubbingStore.class)).isEmpty();
        assertThat(notOverridden(DeploymentStore.class, deploymentsOf(ScrubbingStore.class)))
                .isEmpty();
    }

    /** The notifying wrapper shares the same forwarding base, and so the same risk. */
    @Test
    void notifyingWrapper_overridesEveryDefaultMethodOfTheStoreInterfaces() throws Exception {
        assertThat(notOverridden(FraisierStore.class, NotifyingStore.class)).isEmpty();
        assertThat(notOverridden(DeploymentStore.class, deploymentsOf(NotifyingStore.class)))
                .isEmpty();
    }

    private static Class<?> deploymentsOf(Class<?> wrapper) {
        return Arrays.stream(wrapper.getDeclaredClasses())
                .filter(DeploymentStore.class::isAssignableFrom)
                .findFirst()
                .orElseThrow();
    }

    /** The default methods of {@code api} that {@code impl} (or a class it extends) leaves to the interface. */
    private static List<String> notOverridden(Class<?> api, Class<?> impl) {
        return Arrays.stream(api.getMethods())
                .filter(Method::isDefault)
                .filter(m -> {
                    try {
                        return impl.getMethod(m.getName(), m.getParameterTypes())
                                .getDeclaringClass()
                                .isInterface();
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::getName)
                .toList();
    }
}
