package io.fraisier.providers.host;

import io.fraisier.providers.shell.CommandRunner;

/**
 * {@link FileTests} as {@code /bin/sh -c} scripts run by the host's runner, each path passed as {@code "$1"}:
 * the way for a host reached over SSH.
 *
 * <p>Thread-safe when its runner is.
 */
record ShellFileTests(CommandRunner runner) implements FileTests {
    static final String EXISTS = "[ -e \"$1\" ] || [ -L \"$1\" ]";
    static final String IS_DIR = "[ -d \"$1\" ] && [ ! -L \"$1\" ]";
    static final String CHECKED_OUT = "[ -f \"$1/.git/index\" ] || [ -f \"$1/.git\" ]";

    @Override
    public boolean exists(String step, String path) {
        return test(step, EXISTS, path);
    }

    @Override
    public boolean isDirectory(String step, String path) {
        return test(step, IS_DIR, path);
    }

    @Override
    public boolean isCheckout(String step, String path) {
        return test(step, CHECKED_OUT, path);
    }

    private boolean test(String step, String script, String path) {
        return runner.run(HostFiles.spec(step, script, path)).ok();
    }
}
