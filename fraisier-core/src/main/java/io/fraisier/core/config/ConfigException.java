package io.fraisier.core.config;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@code fraises.yaml} that cannot be used, with every problem found in it (never only the first).
 * Its code is {@link ErrorCode#CONFIG_INVALID}; its message is {@code "<file>: N problems"} followed by
 * one {@link ConfigProblem#format()} line per problem. No secret value appears in it.
 *
 * <p>Immutable once thrown.
 */
public final class ConfigException extends FraisierException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /**
     * @param file the file the problems are in (null for text not read from a file)
     * @param problems at least one problem, in file order
     */
    public ConfigException(@Nullable Path file, List<ConfigProblem> problems) {
        super(
                ErrorCode.CONFIG_INVALID,
                message(file, problems),
                "Fix the keys listed above; CONFIG.md and examples/fraises.yaml describe every key.");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order (line, then column). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(@Nullable Path file, List<ConfigProblem> problems) {
        String name = file == null ? "<config>" : file.toString();
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return name + ": " + count
                + problems.stream().map(p -> "\n  " + p.format()).collect(Collectors.joining());
    }
}
