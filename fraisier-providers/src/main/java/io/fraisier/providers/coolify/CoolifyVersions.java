package io.fraisier.providers.coolify;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a version is on Coolify: a git commit SHA (7 to 40 hex digits) that Coolify checks out, or
 * {@code HEAD}, the head of the application's {@code git_branch} when Coolify builds it.
 */
final class CoolifyVersions {
    static final String HEAD = "HEAD";
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

    private CoolifyVersions() {}

    static boolean isSha(String value) {
        return SHA.matcher(value).matches();
    }

    static boolean isHead(String value) {
        return value.isBlank() || value.equalsIgnoreCase(HEAD);
    }

    /**
     * The canonical form of a requested version: lower-case SHA or {@code HEAD}.
     *
     * @throws FraisierException {@code USAGE} naming the version when it is neither
     */
    static Version canonical(Version requested, String keyPath) {
        String value = requested.value();
        if (isSha(value)) {
            return Version.of(value.toLowerCase(Locale.ROOT));
        }
        if (value.equalsIgnoreCase(HEAD)) {
            return Version.of(HEAD);
        }
        throw new FraisierException(
                ErrorCode.USAGE,
                "Version '" + value + "' cannot be deployed to Coolify (" + keyPath
                        + "): Coolify checks out git commits",
                "Pass a commit SHA (7 to 40 hex digits) or HEAD (the head of the application's branch).");
    }
}
