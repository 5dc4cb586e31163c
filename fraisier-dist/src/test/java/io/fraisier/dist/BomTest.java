package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * fraisier-bom (which has no parent, so that importing it imports only Fraisier's own versions) lists every
 * library module of the build, at the build's version, and each of those modules names itself for the module
 * path (Automatic-Module-Name io.fraisier.NAME).
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBom_listsEveryLibraryModule_atTheBuildsVersion() throws Exception {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("fraisier-bom/pom.xml"));
        String version = first(parent, "<artifactId>fraisier-parent</artifactId>\\s*<version>([^<]+)</version>");
        List<String> libraries = all(parent, "<module>(fraisier-[a-z-]+)</module>").stream()
                .filter(m -> !List.of(
                                "fraisier-bom",
                                "fraisier-dist",
                                "fraisier-architecture",
                                "fraisier-docker-it",
                                // build time only: picocli compiled for the CLI, and the CLI's model generator
                                "fraisier-picocli",
                                "fraisier-cli-model")
                        .contains(m))
                .toList();

        assertThat(first(bom, "<artifactId>fraisier-bom</artifactId>\\s*<version>([^<]+)</version>"))
                .isEqualTo(version);
        assertThat(bom).doesNotContain("<parent>");
        assertThat(all(bom, "<artifactId>(fraisier-[a-z]+)</artifactId><version>" + Pattern.quote(version)))
                .containsExactlyInAnyOrderElementsOf(libraries);
        for (String module : libraries) {
            assertThat(Files.readString(ROOT.resolve(module + "/pom.xml")))
                    .as(module)
                    .contains("<automatic.module.name>io.fraisier." + module.substring("fraisier-".length())
                            + "</automatic.module.name>");
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static List<String> all(String text, String regex) {
        return Pattern.compile(regex)
                .matcher(text)
                .results()
                .map(r -> r.group(1))
                .collect(Collectors.toList());
    }
}
