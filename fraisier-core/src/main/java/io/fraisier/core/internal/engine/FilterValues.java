package io.fraisier.core.internal.engine;

import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.StatusFilter;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.config.FraisesSection;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.spi.DeploymentStore;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the names an operator filters by ({@code status-all --environment/--type}, {@code history
 * --fraise/--environment}, {@code stats --fraise}), so that a typo is a usage error with a suggestion
 * instead of an empty list that looks like "nothing happened". A name that is no longer configured but
 * still has recorded deployments is accepted: history outlives the config.
 *
 * <p>Thread-safe (stateless apart from the immutable config and the store it reads).
 */
public final class FilterValues {
    private final FraisierConfig config;
    private final DeploymentStore deployments;

    public FilterValues(FraisierConfig config, DeploymentStore deployments) {
        this.config = config;
        this.deployments = deployments;
    }

    /** {@code status-all} lists configured targets only: its values must be configured ones. */
    public void check(StatusFilter filter) {
        if (filter.environment() != null && !environments(null).contains(filter.environment())) {
            throw unknown(
                    "--environment",
                    "no environment '" + filter.environment() + "' is configured",
                    filter.environment(),
                    environments(null));
        }
        if (filter.fraiseType() != null && !FraisesSection.TYPES.contains(filter.fraiseType())) {
            throw unknown(
                    "--type",
                    "unknown fraise type '" + filter.fraiseType() + "'",
                    filter.fraiseType(),
                    FraisesSection.TYPES);
        }
    }

    /** {@code history}: a name must be configured or have recorded deployments. */
    public void check(HistoryQuery query) {
        checkFraise(query.fraise());
        String environment = query.environment();
        if (environment != null
                && !environments(query.fraise()).contains(environment)
                && !recorded(query.fraise(), environment)) {
            throw unknown(
                    "--environment",
                    "no environment '" + environment + "'"
                            + (query.fraise() == null ? "" : " of fraise '" + query.fraise() + "'")
                            + " is configured or recorded",
                    environment,
                    environments(query.fraise()));
        }
    }

    /** {@code stats --fraise}: configured or recorded. */
    public void checkFraise(@Nullable String fraise) {
        if (fraise != null && !config.fraises().containsKey(fraise) && !recorded(fraise, null)) {
            throw unknown(
                    "--fraise",
                    "no fraise '" + fraise + "' is configured or recorded",
                    fraise,
                    config.fraises().keySet());
        }
    }

    private boolean recorded(@Nullable String fraise, @Nullable String environment) {
        return !deployments
                .history(new HistoryQuery(fraise, environment, null, null, 1))
                .isEmpty();
    }

    private Set<String> environments(@Nullable String fraise) {
        Set<String> out = new LinkedHashSet<>();
        for (FraiseConfig f : config.fraises().values()) {
            if (fraise == null || f.name().equals(fraise)) {
                out.addAll(f.environments().keySet());
            }
        }
        return out;
    }

    private static FraisierException unknown(String option, String problem, String value, Collection<String> known) {
        return new FraisierException(
                ErrorCode.USAGE,
                option + ": " + problem + DidYouMean.suffix(value, known),
                known.isEmpty()
                        ? "None is configured (see `fraisier list`)."
                        : "Expected one of: " + String.join(", ", known) + ".");
    }
}
