package io.fraisier.webhook.host;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One ref a push moved: a branch or a tag, the commit it now points at, or its deletion.
 *
 * @param kind branch or tag
 * @param name the branch or tag name, without {@code refs/heads/} or {@code refs/tags/}
 * @param commit the commit SHA pushed (null when deleted)
 * @param deleted whether the push deleted the ref
 */
public record RefUpdate(Kind kind, String name, @Nullable String commit, boolean deleted) {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern ZEROS = Pattern.compile("0+");

    public RefUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!deleted && commit == null) {
            throw new IllegalArgumentException("a ref that is not deleted needs a commit");
        }
    }

    /**
     * A ref from a payload.
     *
     * @param ref {@code refs/heads/x} or {@code refs/tags/x}; anything else gives empty
     * @param commit the new commit; null or all zeros means deleted
     * @throws FraisierException {@code USAGE} when the commit is not a hex SHA
     */
    public static Optional<RefUpdate> of(String ref, @Nullable String commit, boolean deleted) {
        if (ref.startsWith("refs/heads/")) {
            return Optional.of(of(Kind.BRANCH, ref.substring("refs/heads/".length()), commit, deleted));
        }
        if (ref.startsWith("refs/tags/")) {
            return Optional.of(of(Kind.TAG, ref.substring("refs/tags/".length()), commit, deleted));
        }
        return Optional.empty();
    }

    /** A ref whose kind the payload states separately (Bitbucket). */
    public static RefUpdate of(Kind kind, String name, @Nullable String commit, boolean deleted) {
        if (name.isBlank()) {
            throw new FraisierException(ErrorCode.USAGE, "The payload names an empty " + kind.id() + ".");
        }
        boolean gone = deleted || commit == null || ZEROS.matcher(commit).matches();
        if (!gone && !SHA.matcher(commit).matches()) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "The payload's commit for " + kind.id() + " '" + name + "' is not a hex SHA.",
                    "Send the host's own push payload unchanged.");
        }
        return new RefUpdate(kind, name, gone ? null : commit.toLowerCase(Locale.ROOT), gone);
    }

    /** Branch or tag. */
    public enum Kind {
        BRANCH,
        TAG;

        /** {@code branch} or {@code tag}, as stored in {@code tb_webhook_event.ref_type}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
