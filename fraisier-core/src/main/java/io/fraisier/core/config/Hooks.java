package io.fraisier.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An environment's {@code hooks:} (docs/CONFIG.md): executables run on the Fraisier host, under the
 * target's lock, around a deployment. Paths are absolute: a relative one was resolved against the
 * directory of {@code fraises.yaml} when the file was read, and checked to be an executable file.
 *
 * @param preDeploy runs before the provider changes anything; a failure aborts the deployment
 *     ({@code failed}, nothing changed)
 * @param postDeploy runs after a healthy deployment; a failure is recorded, not rolled back
 * @param onFailure runs after a deployment ended {@code failed}, {@code rolled_back} or
 *     {@code rollback_failed}
 * @param timeout the limit of each hook (default 60 s); a hook that overruns is killed with its process
 *     tree
 */
public record Hooks(
        @Nullable Path preDeploy,
        @Nullable Path postDeploy,
        @Nullable Path onFailure,
        Duration timeout) {
    /** The limit of each hook when {@code hooks.timeout} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** No hook. */
    public static final Hooks NONE = new Hooks(null, null, null, DEFAULT_TIMEOUT);

    public Hooks {
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The hooks of {@code hooks:}, by key ({@code pre_deploy}, {@code post_deploy}, {@code on_failure}). */
    public Map<String, Path> byKey() {
        Map<String, Path> m = new LinkedHashMap<>();
        if (preDeploy != null) {
            m.put(PRE_DEPLOY, preDeploy);
        }
        if (postDeploy != null) {
            m.put(POST_DEPLOY, postDeploy);
        }
        if (onFailure != null) {
            m.put(ON_FAILURE, onFailure);
        }
        return m;
    }

    public boolean isEmpty() {
        return preDeploy == null && postDeploy == null && onFailure == null;
    }

    /** The key (and event step) of the hook run before the provider changes anything. */
    public static final String PRE_DEPLOY = "pre_deploy";

    /** The key (and event step) of the hook run after a healthy deployment. */
    public static final String POST_DEPLOY = "post_deploy";

    /** The key (and event step) of the hook run after a failed deployment. */
    public static final String ON_FAILURE = "on_failure";
}
