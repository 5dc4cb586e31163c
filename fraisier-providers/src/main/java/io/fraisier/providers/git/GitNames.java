package io.fraisier.providers.git;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.UrlCredentials;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What Fraisier lets reach a git command line: branch names, requested versions (SHA, short SHA, tag),
 * repository locations. Anything git could read as an option, a revision expression or a transport
 * helper is refused here, so that no value from a config file, a webhook or a CLI flag changes what git
 * does.
 *
 * <p>Thread-safe (stateless).
 */
public final class GitNames {
    /** Branch and tag names: {@code [A-Za-z0-9._/-]+}, not starting with {@code -} or {@code /}, no {@code ..}. */
    public static final String REF_GRAMMAR = "[A-Za-z0-9._/-]+, not starting with '-' or '/', without '..'";

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._/-]{0,254}");
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA_PREFIX = Pattern.compile("[0-9a-fA-F]{7,40}");

    private GitNames() {}

    /** Whether {@code name} is a branch or tag name Fraisier accepts. */
    public static boolean isRefName(String name) {
        return name != null
                && REF.matcher(name).matches()
                && !name.contains("..")
                && !name.endsWith("/")
                && !name.endsWith(".lock");
    }

    /**
     * Returns the branch when it follows {@link #REF_GRAMMAR}.
     *
     * @throws FraisierException {@link ErrorCode#CONFIG_INVALID} naming {@code keyPath} otherwise
     */
    public static String requireBranch(String keyPath, String branch) {
        if (!isRefName(branch)) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    keyPath + ".branch: '" + branch + "' is not a branch name Fraisier accepts (" + REF_GRAMMAR + ")",
                    "Set branch: to the plain name of the branch, e.g. main.");
        }
        return branch;
    }

    /** A full, lower-case 40-hex commit SHA. */
    public static boolean isFullSha(String value) {
        return value != null && FULL_SHA.matcher(value).matches();
    }

    /** Something that may abbreviate a commit SHA (7 to 40 hex digits). */
    public static boolean isShaPrefix(String value) {
        return value != null && SHA_PREFIX.matcher(value).matches();
    }

    /** Lower-cases a SHA (prefix). */
    public static String normalizeSha(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the repository location when git cannot read it as an option or a transport helper.
     *
     * @throws FraisierException {@link ErrorCode#CONFIG_INVALID} naming {@code keyPath} otherwise
     */
    public static String requireRepository(String keyPath, String repository) {
        String lower = repository.toLowerCase(Locale.ROOT);
        boolean bad = repository.isBlank()
                || repository.startsWith("-")
                || repository.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                || lower.startsWith("ext::")
                || lower.startsWith("fd::");
        if (bad) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    keyPath + ".git_repo: '" + UrlCredentials.redact(repository)
                            + "' is not a repository location Fraisier accepts",
                    "Use a URL (https://…, ssh://…, git@host:org/repo.git) or an absolute path, without spaces.");
        }
        return repository;
    }
}
