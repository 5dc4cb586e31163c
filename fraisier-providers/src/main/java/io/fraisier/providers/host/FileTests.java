package io.fraisier.providers.host;

/**
 * The yes-or-no questions a deployment asks about paths on its host before it changes anything: does
 * {@code app_path/.git} exist, is {@code app_path} a checkout, is a release already there. A dry run asks
 * nothing else of the file system, so on this host they are answered in process ({@link LocalFileTests})
 * rather than by a shell ({@link ShellFileTests}), with the shell's answers: the commands of this host run
 * as Fraisier's user, in its file system and working directory, so java.nio sees what {@code test} sees.
 *
 * <p>Each takes the path as the host's shell would take it: relative to the commands' working directory,
 * a trailing slash asking for a directory. None throws for a path it cannot examine: the answer is no.
 * {@code step} names the deployment step that asks, for the messages of a command that runs the test.
 *
 * <p>Implementations are thread-safe when their runner is.
 */
sealed interface FileTests permits LocalFileTests, ShellFileTests {
    /** {@code [ -e p ] || [ -L p ]}: something is there, a dangling symlink included. */
    boolean exists(String step, String path);

    /** {@code [ -d p ] && [ ! -L p ]}: a directory, not a symlink to one. */
    boolean isDirectory(String step, String path);

    /**
     * {@code [ -f p/.git/index ] || [ -f p/.git ]}: a git checkout whose first checkout went through (it has
     * an index), or a worktree (its {@code .git} is a file); symlinks are followed.
     */
    boolean isCheckout(String step, String path);

    /**
     * In process on this host, through the host's shell on another one.
     *
     * @param host where the paths are
     */
    static FileTests on(HostAccess host) {
        return host.remote() ? new ShellFileTests(host.runner()) : new LocalFileTests();
    }
}
