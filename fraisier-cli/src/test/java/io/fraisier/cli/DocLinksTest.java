package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every relative link of the documentation resolves: a Markdown link {@code [text](path#anchor)} names a
 * file (or folder) that exists and, into a Markdown file, a heading that exists (GitHub's anchors); and a
 * Markdown file named in a code span ({@code `docs/CONFIG.md`}) exists beside the page or at the
 * repository's root. Links to other sites are not fetched.
 */
class DocLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern MD_PATH = Pattern.compile("[\\w./-]+\\.md");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    static Stream<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String dir : List.of("docs", "docs/providers")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        for (String page :
                List.of("README.md", "monitoring/README.md", "examples/README.md", "fraisier-webhook/README.md")) {
            pages.add(ROOT.resolve(page));
        }
        return pages.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyRelativeLink_resolvesToAFileAndHeadingThatExist(Path page) throws IOException {
        assertThat(page).exists();

        assertThat(broken(page)).as("broken links in %s", ROOT.relativize(page)).isEmpty();
    }

    @Test
    void theCheck_findsAMissingFile_aMissingHeading_andAMissingFileInACodeSpan(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.md"), """
                # A page

                ## Real heading

                [ok](#real-heading) [ok too](page.md#a-page) [web](https://example.com/none.md)
                [gone](missing.md) [no such heading](page.md#nowhere) see `docs/NOWHERE.md`

                ```
                [inside a fence](not-checked.md)
                ```
                """);

        assertThat(broken(page))
                .containsExactly(
                        "missing.md: no file " + ROOT.relativize(dir.resolve("missing.md")),
                        "page.md#nowhere: no heading 'nowhere' in " + ROOT.relativize(page),
                        "`docs/NOWHERE.md`: names a file that is neither beside the page nor in the repository");
    }

    static List<String> broken(Path page) throws IOException {
        String text = FENCE.matcher(Files.readString(page)).replaceAll("");
        List<String> broken = new ArrayList<>();

        Matcher links = LINK.matcher(CODE.matcher(text).replaceAll("code"));
        while (links.find()) {
            String target = links.group(1);
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue; // https:, mailto: …
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved =
                    file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
                broken.add(target + ": no file " + ROOT.relativize(resolved));
            } else if (anchor != null
                    && resolved.toString().endsWith(".md")
                    && !anchors(resolved).contains(anchor)) {
                broken.add(target + ": no heading '" + anchor + "' in " + ROOT.relativize(resolved));
            }
        }

        Matcher spans = CODE.matcher(text);
        while (spans.find()) {
            String span = spans.group(1).strip();
            if (MD_PATH.matcher(span).matches()
                    && !Files.exists(page.getParent().resolve(span))
                    && !Files.exists(ROOT.resolve(span))) {
                broken.add("`" + span + "`: names a file that is neither beside the page nor in the repository");
            }
        }

        return broken;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    static Set<String> anchors(Path markdown) throws IOException {
        String text = FENCE.matcher(Files.readString(markdown)).replaceAll("");
        Set<String> out = new HashSet<>();
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            String slug = m.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                    .replace(' ', '-');
            String unique = slug;
            for (int n = 1; !out.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return out;
    }
}
