package io.fraisier.providers.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.Secret;
import io.fraisier.providers.shell.CommandSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quoted values reach the program as they are, whatever shell syntax they contain (checked with the real /bin/sh). */
class PosixShellTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with space",
                "it's",
                "'; rm -rf / #",
                "$(touch /tmp/fraisier-pwned) `id` ${HOME}",
                "\"double\" and \\backslash\\",
                "new\nline",
                "*?[glob]",
                "-n",
                ""
            })
    void quote_keepsTheValueOneWordAndLiteral(String hostile) throws Exception {
        String line = "printf '%s' " + PosixShell.quote(hostile);
        assertThat(sh(line)).isEqualTo(hostile);
    }

    @Test
    void commandLine_exportsEnvironment_entersTheFolder_andPrintsThePidFirst() throws Exception {
        CommandSpec spec = CommandSpec.of(
                        "x", List.of("/bin/sh", "-c", "printf '%s|%s' \"$PWD\" \"$V\""), Duration.ofSeconds(5))
                .in("/tmp")
                .withEnv(Map.of("V", "a'b $c"));
        String out = sh(PosixShell.commandLine(spec));
        assertThat(out).startsWith(PosixShell.PID_MARKER).endsWith("\n/tmp|a'b $c");
    }

    @Test
    void commandLine_refusesAnEnvironmentNameThatIsNotAName() {
        CommandSpec spec =
                CommandSpec.of("x", List.of("true"), Duration.ofSeconds(5)).withEnv(Map.of("A;rm", "x"));
        assertThatThrownBy(() -> PosixShell.commandLine(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLine_readsSecretVariablesFromStdin_andNeverCarriesTheirValues() throws Exception {
        CommandSpec spec = CommandSpec.of(
                        "x", List.of("/bin/sh", "-c", "printf '%s|%s' \"$U\" \"$P\""), Duration.ofSeconds(5))
                .withSecretEnv(Map.of("U", Secret.of("oauth2"), "P", Secret.of("tok'en $x")));
        String line = PosixShell.commandLine(spec);
        assertThat(line).doesNotContain("tok'en").doesNotContain("oauth2");
        // the remote login shell, simulated: the line as its argument, the secrets on its stdin
        Process p = new ProcessBuilder("/bin/sh", "-c", line)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(PosixShell.stdin(spec));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith(PosixShell.PID_MARKER).endsWith("\noauth2|tok'en $x");
    }

    @Test
    void stdin_refusesASecretWithALineBreak() {
        CommandSpec spec = CommandSpec.of("x", List.of("true"), Duration.ofSeconds(5))
                .withSecretEnv(Map.of("P", Secret.of("a\nb")));
        assertThatThrownBy(() -> PosixShell.stdin(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quote_refusesNul() {
        assertThatThrownBy(() -> PosixShell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sh(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", line)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
