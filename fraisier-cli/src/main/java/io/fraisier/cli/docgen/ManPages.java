package io.fraisier.cli.docgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Section-1 man pages (troff, the {@code man(7)} macros) written from the picocli command model: one page
 * per command, {@code fraisier.1}, {@code fraisier-deploy.1}, {@code fraisier-config-validate.1}, … so
 * that {@code man fraisier-deploy} shows the same options as {@code fraisier deploy --help}. Hidden
 * commands and options are left out.
 */
public final class ManPages {
    /** The exit statuses, shared by every command (ErrorCode's exit codes). */
    static final List<String[]> EXIT_STATUS = List.of(
            new String[] {"0", "Success."},
            new String[] {"1", "Internal error, or a database schema newer than this release."},
            new String[] {"2", "Usage error: a bad option or argument, an unknown fraise, environment or deployment."},
            new String[] {
                "3", "Configuration error: fraises.yaml missing or invalid, a secret missing, an unknown provider."
            },
            new String[] {"4", "Lock held or timed out, or the target is frozen."},
            new String[] {"5", "Provider or database unreachable."},
            new String[] {"6", "Deployment failed: a step, the health check or a timeout."},
            new String[] {"7", "Rollback failed."},
            new String[] {"130", "Interrupted (Ctrl-C, SIGTERM) or cancelled."});

    private final String version;

    /** @param version shown in each page's footer, e.g. {@code fraisier 0.1.0} */
    public ManPages(String version) {
        this.version = version;
    }

    /**
     * Writes one page per visible command of {@code root} into {@code directory} (created if needed).
     *
     * @return the files written
     */
    public List<Path> write(CommandLine root, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        writeTree(root, directory, written);
        return written;
    }

    private void writeTree(CommandLine cmd, Path directory, List<Path> written) throws IOException {
        Path file = directory.resolve(pageName(cmd.getCommandSpec()) + ".1");
        Files.writeString(file, page(cmd), StandardCharsets.UTF_8);
        written.add(file);
        for (CommandLine sub : FishCompletion.visibleSubcommands(cmd).values()) {
            writeTree(sub, directory, written);
        }
    }

    /** {@code fraisier-config-validate} for {@code fraisier config validate}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The page of one command. */
    public String page(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        String name = pageName(spec);
        StringBuilder out = new StringBuilder();
        out.append(".\\\" generated from the command model by 'fraisier gen-manpages'\n");
        out.append(".TH \"")
                .append(name.toUpperCase(Locale.ROOT))
                .append("\" \"1\" \"\" \"")
                .append(escape(version))
                .append("\" \"Fraisier Manual\"\n");
        out.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(Text.firstSentence(spec.usageMessage().description())))
                .append('\n');

        out.append(".SH SYNOPSIS\n.nf\n");
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        out.append(lines(help.synopsis(0).replaceFirst("^Usage: ", "").stripTrailing()))
                .append(".fi\n");

        out.append(".SH DESCRIPTION\n")
                .append(paragraphs(Text.plain(spec.usageMessage().description())));

        List<PositionalParamSpec> positionals =
                spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                out.append(".TP\n\\fI")
                        .append(escape(p.paramLabel()))
                        .append("\\fR\n")
                        .append(paragraphs(Text.plain(p.description())));
            }
        }

        List<OptionSpec> own = spec.options().stream()
                .filter(o -> !o.hidden() && !o.inherited())
                .toList();
        List<OptionSpec> inherited = spec.options().stream()
                .filter(o -> !o.hidden() && o.inherited())
                .toList();
        if (!own.isEmpty()) {
            out.append(".SH OPTIONS\n");
            own.forEach(o -> option(out, o));
        }
        if (!inherited.isEmpty()) {
            out.append(".SH COMMON OPTIONS\nAccepted by every command, before or after the command name.\n");
            inherited.forEach(o -> option(out, o));
        }

        Map<String, CommandLine> subcommands = FishCompletion.visibleSubcommands(cmd);
        if (!subcommands.isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : subcommands.entrySet()) {
                out.append(".TP\n\\fB")
                        .append(escape(sub.getKey()))
                        .append("\\fR\n")
                        .append(escape(Text.firstSentence(
                                sub.getValue().getCommandSpec().usageMessage().description())))
                        .append(". See \\fB")
                        .append(escape(pageName(sub.getValue().getCommandSpec())))
                        .append("\\fR(1).\n");
            }
        }

        out.append(".SH EXIT STATUS\n");
        for (String[] status : EXIT_STATUS) {
            out.append(".TP\n\\fB")
                    .append(status[0])
                    .append("\\fR\n")
                    .append(escape(status[1]))
                    .append('\n');
        }
        out.append(".SH SEE ALSO\n");
        if (spec.parent() != null) {
            out.append("\\fB").append(escape(pageName(spec.parent()))).append("\\fR(1), ");
        }
        out.append("the operator guide (docs/OPERATOR_GUIDE.md) and docs/CONFIG.md.\n");
        return out.toString();
    }

    private static void option(StringBuilder out, OptionSpec option) {
        out.append(".TP\n");
        List<String> names = new ArrayList<>();
        for (String n : option.names()) {
            names.add("\\fB" + escape(n) + "\\fR");
        }
        out.append(String.join(", ", names));
        if (option.arity().max() > 0 && !option.type().equals(boolean.class) && !option.usageHelp()) {
            out.append("=\\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        out.append('\n').append(paragraphs(Text.plain(option.description())));
    }

    private static String paragraphs(String text) {
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("\n");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append(".br\n");
            }
            out.append(escape(parts[i].strip())).append('\n');
        }
        return out.toString();
    }

    private static String lines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(escape(line)).append('\n');
        }
        return out.toString();
    }

    /** troff-safe text: backslashes, hyphens and a leading dot or quote. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        if (s.startsWith(".") || s.startsWith("'")) {
            s = "\\&" + s;
        }
        return s;
    }
}
