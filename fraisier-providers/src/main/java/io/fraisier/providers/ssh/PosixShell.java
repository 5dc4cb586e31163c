package io.fraisier.providers.ssh;

import io.fraisier.providers.shell.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds the one command line an SSH server hands to the remote user's login shell. Every argument is
 * single-quoted ({@code '} written as {@code '\''}), so a value from a config file or a webhook is always
 * one word and never shell syntax; operator-written commands arrive as the quoted {@code -c} argument of
 * {@code /bin/sh}. The remote login shell must be a POSIX shell (sh, dash, bash, ksh, zsh).
 *
 * <p>Thread-safe (stateless).
 */
public final class PosixShell {
    /** The first line a wrapped command prints: its shell's pid, so that a timed-out command can be killed. */
    static final String PID_MARKER = "fraisier-pid ";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Kills what a wrapped command started: its process group (OpenSSH runs each command as a session
     * leader) or, when the shell leads no group, its descendants found with pgrep. {@code $1} is the pid.
     */
    static final String KILL_TREE_SCRIPT = String.join(
            "\n",
            "p=\"$1\"",
            "kill -KILL -- \"-$p\" 2>/dev/null && exit 0",
            "tree() { for c in $(pgrep -P \"$1\" 2>/dev/null); do tree \"$c\"; done; echo \"$1\"; }",
            "kill -KILL $(tree \"$p\") 2>/dev/null",
            "exit 0");

    /**
     * Waits for the end of its stdin, which the SSH server closes when the connection to Fraisier is gone
     * (a Fraisier killed outright, its host down), then kills the command: its process group ({@code $1}
     * leads it, as OpenSSH runs each command as a session leader) or, when there is no such group, the
     * trees of {@code $1}'s children but itself. Without it, a step would run on after its Fraisier died,
     * beside the next deployment of the same target once the dead one's lock has expired.
     */
    static final String WATCH_SCRIPT = String.join(
            "\n",
            "while read -r _; do :; done",
            "kill -KILL -- \"-$1\" 2>/dev/null && exit 0",
            "tree() { for c in $(pgrep -P \"$1\" 2>/dev/null); do tree \"$c\"; done; echo \"$1\"; }",
            "for c in $(pgrep -P \"$1\" 2>/dev/null); do [ \"$c\" = \"$$\" ] || kill -KILL $(tree \"$c\") 2>/dev/null; done",
            "exit 0");

    private PosixShell() {}

    /**
     * {@code value} as one single-quoted shell word.
     *
     * @throws IllegalArgumentException when it contains a NUL character, which no command line can carry
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot be passed to a remote command");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Every argument quoted and joined with spaces. */
    public static String words(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(quote(arg));
        }
        return line.toString();
    }

    /**
     * The remote line for {@code spec}: stderr joined to stdout, the pid marker, the secret variables read
     * from stdin (one line each, in the order of {@link CommandSpec#secretEnv()}, see {@link #stdin}) and
     * exported, the extra environment exported, a watcher ({@link #WATCH_SCRIPT}) started in the
     * background, the working directory entered, then the program and its arguments, with stdin from
     * {@code /dev/null}; when the program ends, the watcher is stopped and the program's status is the
     * line's. What the program started in the background on purpose (a daemon) outlives it. No secret value is ever part of the line, which every user of the host can read in
     * {@code ps}.
     *
     * @throws IllegalArgumentException for an environment variable name that is not a shell name
     */
    public static String commandLine(CommandSpec spec) {
        return commandLine(spec, null);
    }

    /**
     * {@link #commandLine(CommandSpec)}, whose wrapper also prints the line {@code exitMarker} followed by the
     * program's status once the program has ended (null: no such line). The SSH channel closes only when no
     * process holds the command's output any more: a process the program left in the background with that
     * output (a restart command's {@code ./server &}) would keep it open for as long as it runs, and the step
     * would wait for its timeout. The line tells Fraisier that the program itself is done.
     */
    public static String commandLine(CommandSpec spec, @Nullable String exitMarker) {
        StringBuilder line =
                new StringBuilder("exec 2>&1; echo \"").append(PID_MARKER).append("$$\"; ");
        for (String name : spec.secretEnv().keySet()) {
            requireName(name);
            line.append("IFS= read -r ")
                    .append(name)
                    .append("; export ")
                    .append(name)
                    .append("; ");
        }
        Map<String, String> env = spec.env();
        if (!env.isEmpty()) {
            line.append("export");
            env.forEach((name, value) -> {
                requireName(name);
                line.append(' ').append(name).append('=').append(quote(value));
            });
            line.append("; ");
        }
        // the watcher reads what is left of stdin (nothing: Fraisier writes the secrets, then keeps it open
        // until the command ends); the program reads /dev/null, as a local command does
        line.append("exec 3<&0; ")
                .append(words(List.of(CommandSpec.SHELL, "-c", WATCH_SCRIPT, "fraisier-watch")))
                .append(" \"$$\" <&3 >/dev/null 2>&1 & w=$!; exec 3<&-; (");
        if (spec.workDir() != null) {
            line.append("cd ").append(quote(spec.workDir())).append(" && ");
        }
        line.append("exec ").append(words(spec.argv())).append(") </dev/null; r=$?; kill \"$w\" 2>/dev/null; ");
        if (exitMarker != null) {
            line.append("echo ").append(quote(exitMarker)).append("\"$r\"; ");
        }
        return line.append("exit \"$r\"").toString();
    }

    /**
     * What the remote command reads on stdin: each secret variable's value on a line of its own.
     *
     * @throws IllegalArgumentException when a value holds a line break or a NUL, which one line cannot carry
     */
    public static byte[] stdin(CommandSpec spec) {
        StringBuilder in = new StringBuilder();
        spec.secretEnv().forEach((name, secret) -> {
            String value = secret.reveal();
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value of " + name + " holds a line break or a NUL");
            }
            in.append(value).append('\n');
        });
        return in.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
        }
    }

    /** The line that kills the command whose shell had {@code pid}. */
    static String killTreeLine(long pid) {
        return words(List.of("/bin/sh", "-c", KILL_TREE_SCRIPT, "fraisier-kill", Long.toString(pid)));
    }
}
