package io.fraisier.providers.git;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The git operations a deployment needs, as argument lists run by a {@link CommandRunner} (on this host
 * or a remote one). Directories are strings because they may be remote paths. Every value placed on a
 * command line is either validated by {@link GitNames} or follows {@code --} / {@code --end-of-options}.
 * Git never prompts ({@code GIT_TERMINAL_PROMPT=0}), speaks English ({@code LC_ALL=C}) and gives up an
 * HTTP(S) transfer that stalled for a minute ({@link #STALL_ENV}).
 *
 * <p>Credentials in {@code git_repo} ({@code https://user:token@host/…}) never reach a command line or
 * the stored remote URL: git is given the URL without them, and a credential helper that reads them
 * from {@link #USERNAME_VARIABLE} and {@link #PASSWORD_VARIABLE}, which only that git process gets
 * ({@link CommandSpec#secretEnv()}: its environment on this host, its stdin over SSH). The helpers of
 * the user's git config are switched off for that command, so that none stores the token.
 *
 * <p>Thread-safe when its runner is.
 */
public final class Git {
    private static final Map<String, String> GIT_ENV = Map.of("GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C");

    /**
     * An HTTP(S) remote that sends nothing for this long (less than a byte a second: a stalled transfer, a
     * server behind a black hole) ends the git command, instead of the command holding its step until the
     * environment's timeout (600 s by default); a caller's own values win.
     */
    static final Map<String, String> STALL_ENV =
            Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "1", "GIT_HTTP_LOW_SPEED_TIME", "60");

    /** The variable the credential helper reads the user name from. */
    public static final String USERNAME_VARIABLE = "FRAISIER_GIT_USERNAME";

    /** The variable the credential helper reads the password (token) from. */
    public static final String PASSWORD_VARIABLE = "FRAISIER_GIT_PASSWORD";

    /** A git credential helper (run by git through the shell) answering {@code get} from the two variables. */
    static final String CREDENTIAL_HELPER = "!f() { cat >/dev/null; test \"$1\" = get || return 0;"
            + " printf 'username=%s\\npassword=%s\\n' \"$" + USERNAME_VARIABLE + "\" \"$" + PASSWORD_VARIABLE
            + "\"; }; f";

    private final CommandRunner runner;
    private final Duration timeout;
    private final Map<String, String> env;

    /**
     * @param runner where git runs
     * @param timeout the limit of each git command
     * @param env extra environment for every git command
     */
    public Git(CommandRunner runner, Duration timeout, Map<String, String> env) {
        this.runner = runner;
        this.timeout = timeout;
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(GIT_ENV);
        STALL_ENV.forEach(merged::putIfAbsent);
        this.env = Map.copyOf(merged);
    }

    /** The spec of {@code git args…} for step {@code step}, shown with credentials redacted. */
    public CommandSpec spec(String step, List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("git");
        argv.addAll(args);
        return CommandSpec.of(step, argv, timeout).withEnv(env).shownAs(UrlCredentials.redact(String.join(" ", argv)));
    }

    /**
     * The spec of {@code git args…} talking to {@code repository}: {@code location} stands for the
     * repository in {@code args}, and its credentials, if any, go to the credential helper only.
     */
    CommandSpec remoteSpec(String step, RepositoryUrl repository, List<String> args) {
        CommandSpec plain = spec(step, args);
        if (!repository.hasCredentials()) {
            return plain;
        }
        List<String> argv = new ArrayList<>(
                List.of("git", "-c", "credential.helper=", "-c", "credential.helper=" + CREDENTIAL_HELPER));
        argv.addAll(args);
        return new CommandSpec(step, argv, null, env, timeout, plain.display())
                .withSecretEnv(Map.of(
                        USERNAME_VARIABLE, repository.username().orElseThrow(),
                        PASSWORD_VARIABLE, repository.password().orElseThrow()));
    }

    /** Runs git and returns its result, successful or not. */
    public CommandResult run(String step, List<String> args) {
        return runner.run(spec(step, args));
    }

    /** {@code git --version}, e.g. {@code git version 2.39.5}. */
    public CommandResult version() {
        return run("git", List.of("--version"));
    }

    /**
     * The refs of {@code repository} ({@code refs/heads/main} → SHA), limited to {@code patterns} when
     * given; annotated tags appear twice, the peeled commit under {@code refs/tags/x^{}}.
     *
     * @throws FraisierException {@link ErrorCode#PROVIDER_UNREACHABLE} when the repository cannot be read
     */
    public Map<String, String> lsRemote(String repository, List<String> patterns) {
        RepositoryUrl url = RepositoryUrl.parse(repository);
        List<String> args = new ArrayList<>(List.of("ls-remote", "--", url.location()));
        args.addAll(patterns);
        CommandSpec spec = remoteSpec("resolve", url, args);
        CommandResult result = runner.runOrFail(
                spec,
                ErrorCode.PROVIDER_UNREACHABLE,
                "Check that git_repo is right and that this host can read it (network, credentials, SSH key).");
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : result.output().split("\\R")) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && GitNames.isFullSha(parts[0].trim())) {
                refs.put(parts[1].trim(), parts[0].trim());
            }
        }
        return refs;
    }

    /** Clones {@code repository} into {@code dir} without checking anything out (bare when asked). */
    public void cloneInto(String repository, String dir, boolean bare, StepReporter steps) {
        List<String> args = new ArrayList<>(List.of("clone", "--quiet", "--no-checkout"));
        if (bare) {
            args.set(2, "--bare");
        }
        RepositoryUrl url = RepositoryUrl.parse(repository);
        args.addAll(List.of("--", url.location(), dir));
        runReported(
                remoteSpec("clone", url, args),
                steps,
                "Check that git_repo is reachable from this host and that the parent of " + dir + " is writable.");
    }

    /** Fetches every branch and tag of {@code repository} into the repository at {@code dir}. */
    public void fetch(String dir, String repository, String branchRefspec, StepReporter steps) {
        RepositoryUrl url = RepositoryUrl.parse(repository);
        forgetStoredCredentials(dir, url);
        runReported(
                remoteSpec(
                        "fetch",
                        url,
                        List.of(
                                "-C",
                                dir,
                                "fetch",
                                "--quiet",
                                "--force",
                                "--tags",
                                "--",
                                url.location(),
                                branchRefspec)),
                steps,
                "Check that git_repo is reachable from this host.");
    }

    /**
     * A clone made by an older Fraisier keeps the token of git_repo in its {@code origin} URL: replace that
     * URL by the one without credentials. Best effort: a repository without {@code origin} is left alone.
     */
    private void forgetStoredCredentials(String dir, RepositoryUrl url) {
        CommandResult origin = run("fetch", List.of("-C", dir, "config", "--get", "remote.origin.url"));
        // the runner already masked the credentials in what it read: "https://***@host/…"
        if (origin.ok()
                && origin.output().contains("://")
                && origin.output().contains("@")
                && RepositoryUrl.parse(origin.output().trim()).hasCredentials()) {
            run("fetch", List.of("-C", dir, "remote", "set-url", "--", "origin", url.location()));
        }
    }

    /** Checks {@code sha} out in {@code dir}, detached, discarding local changes to tracked files. */
    public void checkout(String dir, String sha, StepReporter steps) {
        requireSha(sha);
        runReported(
                "checkout",
                List.of("-C", dir, "checkout", "--quiet", "--force", "--detach", sha),
                steps,
                "Look at the state of the checkout in " + dir + "; a file may be locked or the disk full.");
    }

    /** The commit {@code revision} names in the repository at {@code dir}, if any. */
    public Optional<String> commitOf(String dir, String revision) {
        CommandResult result = run(
                "resolve",
                List.of("-C", dir, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"));
        String sha = result.output().trim();
        return result.ok() && GitNames.isFullSha(sha) ? Optional.of(sha) : Optional.empty();
    }

    /** Whether the repository at {@code dir} holds commit {@code sha}. */
    public boolean hasCommit(String dir, String sha) {
        requireSha(sha);
        return commitOf(dir, sha).isPresent();
    }

    /** The commit checked out in {@code dir}, if any. */
    public Optional<String> head(String dir) {
        return commitOf(dir, "HEAD");
    }

    /** Makes an empty bare repository at {@code dir}. */
    public void initBare(String dir) {
        runner.runOrFail(
                spec("resolve", List.of("init", "--quiet", "--bare", "--", dir)),
                ErrorCode.INTERNAL,
                "Check that the temporary directory is writable.");
    }

    private void runReported(String step, List<String> args, StepReporter steps, String hint) {
        runReported(spec(step, args), steps, hint);
    }

    private void runReported(CommandSpec spec, StepReporter steps, String hint) {
        steps.step(spec.step(), spec.display());
        runner.runOrFail(spec, ErrorCode.DEPLOYMENT_FAILED, hint);
    }

    private static void requireSha(String sha) {
        if (!GitNames.isFullSha(sha)) {
            throw new IllegalArgumentException("not a full commit SHA: " + sha);
        }
    }
}
