package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs race for the same locks on one database (the CLI and a daemon, or two daemons): for every
 * target exactly one of them wins.
 */
class LockRaceAcrossProcessesIT {
    private static final int ROUNDS = 1000;

    @TempDir
    Path tmp;

    @Test
    void twoProcessesRacingOnSqlite_exactlyOneWinsEachLock() throws Exception {
        String url = "sqlite:" + tmp.resolve("race.db");
        TestStores.open(url).close();
        race(url);
    }

    @Test
    void twoProcessesRacingOnPostgres_exactlyOneWinsEachLock() throws Exception {
        String url = TestDatabases.freshSchema(TestDatabases.embeddedAdminUrl());
        TestStores.open(url).close();
        race(url);
    }

    private void race(String url) throws Exception {
        Path gun = tmp.resolve("go");
        List<Process> racers = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Process p = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "--enable-native-access=ALL-UNNAMED",
                                "-Dorg.jooq.no-logo=true",
                                "-Dorg.jooq.no-tips=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockRacer.class.getName(),
                                url,
                                String.valueOf(ROUNDS),
                                gun.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                racers.add(p);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outputs.add(out);
            }
            for (BufferedReader out : outputs) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("READY")) {
                    // startup noise
                }
                assertThat(line).as("racer became ready").isEqualTo("READY");
            }
            Files.writeString(gun, "go");
            Map<Integer, Integer> winners = new HashMap<>();
            for (int r = 0; r < racers.size(); r++) {
                String line;
                while ((line = outputs.get(r).readLine()) != null) {
                    if (line.startsWith("WON ")) {
                        Integer earlier = winners.put(Integer.parseInt(line.substring(4)), r);
                        assertThat(earlier)
                                .as("round %s won twice", line.substring(4))
                                .isNull();
                    }
                }
                assertThat(racers.get(r).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(racers.get(r).exitValue()).isZero();
            }
            assertThat(winners).hasSize(ROUNDS);
            try (FraisierStore store = TestStores.open(url)) {
                for (int i = 0; i < ROUNDS; i++) {
                    assertThat(store.locks().find(Target.of("race" + i, "env"))).isPresent();
                }
            }
        } finally {
            for (Process p : racers) {
                p.destroyForcibly();
            }
            for (BufferedReader out : outputs) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the process is gone
                }
            }
        }
    }
}
