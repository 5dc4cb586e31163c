package io.fraisier.providers.git;

import io.fraisier.core.config.Scrubber;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code git_repo} split into the location git may be given on its command line (and store as the
 * remote's URL) and the credentials it must not: {@code https://user:token@host/repo.git} is
 * {@code https://host/repo.git} with user {@code user} and password {@code token}; a token alone
 * ({@code https://token@host/…}) is the user with an empty password, as git itself would send it.
 * Percent-encoded credentials are decoded, as git decodes them. Only {@code http} and {@code https}
 * URLs carry credentials; SSH locations ({@code git@host:org/repo.git}, {@code ssh://git@host/…}) name
 * a user and are kept as they are.
 *
 * @param location what git sees
 * @param username the user of the URL's credentials
 * @param password the password (or empty) of the URL's credentials
 */
public record RepositoryUrl(String location, Optional<Secret> username, Optional<Secret> password) {
    /** Splits {@code repository}. */
    public static RepositoryUrl parse(String repository) {
        String lower = repository.toLowerCase(Locale.ROOT);
        int scheme = repository.indexOf("://");
        if (scheme < 0 || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
            return new RepositoryUrl(repository, Optional.empty(), Optional.empty());
        }
        int authorityStart = scheme + 3;
        int slash = repository.indexOf('/', authorityStart);
        int authorityEnd = slash < 0 ? repository.length() : slash;
        int at = repository.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return new RepositoryUrl(repository, Optional.empty(), Optional.empty());
        }
        String info = repository.substring(authorityStart, at);
        int colon = info.indexOf(':');
        String user = Scrubber.percentDecoded(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : Scrubber.percentDecoded(info.substring(colon + 1));
        if (hasControl(user) || hasControl(password)) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "git_repo: the credentials in " + location(repository, authorityStart, at)
                            + " hold a control character (a percent-encoded line break?)",
                    "Write the user and token as they are, percent-encoding only reserved characters.");
        }
        return new RepositoryUrl(
                location(repository, authorityStart, at),
                Optional.of(Secret.of(user)),
                Optional.of(Secret.of(password)));
    }

    /** Whether git needs credentials that are not in {@link #location()}. */
    public boolean hasCredentials() {
        return username.isPresent();
    }

    private static String location(String repository, int authorityStart, int at) {
        return repository.substring(0, authorityStart) + repository.substring(at + 1);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
