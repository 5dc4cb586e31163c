package io.fraisier.core.internal.config;

import io.fraisier.core.config.KeyPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads YAML text into a {@link YamlNode} tree by walking SnakeYAML's parser events, recording the line and
 * column of every key and value. Scalars are typed as Jackson's YAML parser typed them before (see
 * {@link YamlScalars}); SnakeYAML's low-level parser is used directly because Jackson's factory, parser and
 * buffers cost a CLI command more start-up time than the whole rest of reading its config (issue #14). Syntax errors, duplicate keys, aliases and extra documents become
 * problems; a syntax error stops the reading (nothing after it can be trusted).
 *
 * <p>Not thread-safe: one instance reads one text.
 */
public final class YamlTreeReader {
    /** The longest document read (1 MiB of characters); a real fraises.yaml is a few kilobytes. */
    public static final int MAX_CHARACTERS = 1024 * 1024;
    /**
     * The deepest nesting of mappings and sequences read; a fraises.yaml needs about eight. Deeper documents
     * are refused before the recursive reading (here and in SnakeYAML) can overflow the stack, which
     * happened below Jackson's own limit of 1000.
     */
    public static final int MAX_DEPTH = 64;

    // ${VAR} inside a flow mapping (CONFIG.md writes `github: { webhook_secret: ${GITHUB_WEBHOOK_SECRET} }`)
    // is not valid YAML: its braces are flow indicators. The braces of ${...} are swapped for two private-use
    // characters before parsing (same length, so lines and columns stay exact) and swapped back in values.
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^{}\\r\\n]*)}");
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    private final Problems problems;
    private @Nullable Parser parser;
    /** The last event read: where an error without a position of its own is reported (as Jackson did). */
    private @Nullable Event lastEvent;
    /** The type of the scalar just read by {@link #nextValue()}, typed when read as Jackson did. */
    private YamlNode.ScalarType scalarType = YamlNode.ScalarType.NULL;

    private String currentPath = "";
    private int depth;

    private YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * The document's root, an empty mapping for an empty document, or null after a syntax error (which
     * is then in {@code problems}).
     */
    public static YamlNode.@Nullable Mapping readRoot(String text, Problems problems) {
        if (text.length() > MAX_CHARACTERS) {
            // SnakeYAML's own limit (3 M code points) is checked only after scanning, which takes tens of
            // seconds on a long quoted scalar: refuse at once
            problems.add(
                    1,
                    1,
                    "",
                    "the document is " + text.length() + " characters long; fraises.yaml may be at most "
                            + MAX_CHARACTERS + " (is it the right file?)");
            return null;
        }
        YamlNode root = new YamlTreeReader(problems).read(text);
        if (root == null) {
            return null;
        }
        if (root instanceof YamlNode.Mapping m) {
            return m;
        }
        if (root instanceof YamlNode.Scalar s && s.isNull()) {
            return new YamlNode.Mapping(Map.of(), 1, 1);
        }
        problems.at(
                root,
                "",
                "the top level must be a mapping of sections (database, git, webhook, metrics, defaults,"
                        + " branch_mapping, fraises), got " + root.describe());
        return null;
    }

    private @Nullable YamlNode read(String text) {
        try {
            parser = new ParserImpl(new StreamReader(maskVariableBraces(text)), loaderOptions());
            Event first = nextValue();
            if (first == null) {
                return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, 1, 1);
            }
            YamlNode root = value(first);
            Event extra = nextValue();
            if (extra != null) {
                problems.add(
                        line(extra.getStartMark()),
                        column(extra.getStartMark()),
                        "",
                        "a second YAML document starts here; fraises.yaml holds exactly one (remove the '---')");
            }
            return root;
        } catch (TooDeep e) {
            return null;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            int column = mark == null ? 1 : mark.getColumn() + 1;
            problems.add(line, column, currentPath, "malformed YAML: " + describe(e));
            return null;
        } catch (YAMLException e) {
            // no position of its own (a character YAML forbids, found while reading ahead)
            malformedAtLastEvent(String.valueOf(e.getMessage()));
            return null;
        } catch (NumberFormatException e) {
            // a SnakeYAML scanner bug on some numbers (oss-fuzz 63274); Jackson caught it with this text
            malformedAtLastEvent("Malformed Number token: failed to tokenize due to ("
                    + e.getClass().getName() + "): " + e.getMessage());
            return null;
        } catch (YamlScalars.Refused e) {
            malformedAtLastEvent(String.valueOf(e.getMessage()));
            return null;
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // never reached after readRoot's length check; set so that SnakeYAML's own bound is never the looser one
        options.setCodePointLimit(MAX_CHARACTERS);
        options.setProcessComments(false);
        return options;
    }

    private void malformedAtLastEvent(String message) {
        Mark end = lastEvent == null ? null : lastEvent.getEndMark();
        problems.add(
                end == null ? 1 : line(end), end == null ? 1 : column(end), currentPath, "malformed YAML: " + message);
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    private static int column(Mark mark) {
        return mark.getColumn() + 1;
    }

    private Event next() {
        Event event = Objects.requireNonNull(parser).getEvent();
        lastEvent = event;
        return event;
    }

    /**
     * The next value event (a scalar typed into {@link #scalarType}), or null at the end of the stream;
     * document and stream boundaries are skipped, as Jackson did (so a second document shows as its first
     * value).
     */
    private @Nullable Event nextValue() {
        while (true) {
            Event event = next();
            switch (event.getEventId()) {
                case StreamStart, DocumentStart, DocumentEnd, Comment -> {}
                case StreamEnd -> {
                    return null;
                }
                case Scalar -> {
                    scalarType = YamlScalars.type((ScalarEvent) event);
                    return event;
                }
                default -> {
                    return event;
                }
            }
        }
    }

    static String maskVariableBraces(String text) {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("$" + OPEN + m.group(1) + CLOSE));
    }

    static String unmask(String value) {
        return value.indexOf(OPEN) < 0 ? value : value.replace(OPEN, '{').replace(CLOSE, '}');
    }

    private YamlNode value(Event event) {
        int line = line(event.getStartMark());
        int column = column(event.getStartMark());
        Event.ID id = event.getEventId();
        if ((id == Event.ID.MappingStart || id == Event.ID.SequenceStart) && ++depth > MAX_DEPTH) {
            problems.add(
                    line,
                    column,
                    currentPath,
                    "nested deeper than " + MAX_DEPTH + " levels; fraises.yaml needs far fewer (is it the right"
                            + " file?)");
            throw new TooDeep();
        }
        // instanceof, not a pattern switch: its type switch is a class spun at run time, outside the AOT cache
        if (event instanceof ScalarEvent s) {
            return scalar(s.getValue(), line, column);
        }
        if (event instanceof AliasEvent alias) {
            problems.add(
                    line,
                    column,
                    currentPath,
                    "YAML aliases (*" + alias.getAnchor() + ") are not supported; put keys shared by"
                            + " environments in the defaults: block");
            return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, line, column);
        }
        return id == Event.ID.MappingStart ? nested(mapping(line, column)) : nested(sequence(line, column));
    }

    private YamlNode.Scalar scalar(String value, int line, int column) {
        return switch (scalarType) {
            case NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, line, column);
            case STRING -> new YamlNode.Scalar(unmask(value), YamlNode.ScalarType.STRING, line, column);
            case NUMBER, BOOLEAN -> new YamlNode.Scalar(value, scalarType, line, column);
        };
    }

    private YamlNode nested(YamlNode node) {
        depth--;
        return node;
    }

    /** Stops the reading of a too deeply nested document (its problem is recorded). */
    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooDeep() {
            super(null, null, false, false);
        }
    }

    private YamlNode.Mapping mapping(int line, int column) {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        String parentPath = currentPath;
        for (Event k = next(); k.getEventId() != Event.ID.MappingEnd; k = next()) {
            if (!(k instanceof ScalarEvent keyEvent)) {
                // a mapping, list or alias as a key ("? [a]: b"); Jackson's words, which name no value
                throw new YamlScalars.Refused("Expected a field name (Scalar value in YAML), got this instead: " + k);
            }
            String key = keyEvent.getValue();
            String path = KeyPaths.child(parentPath, key);
            currentPath = path;
            YamlNode value = value(Objects.requireNonNull(nextValue()));
            currentPath = parentPath;
            YamlNode.Entry entry =
                    new YamlNode.Entry(key, line(keyEvent.getStartMark()), column(keyEvent.getStartMark()), value);
            YamlNode.Entry first = entries.putIfAbsent(key, entry);
            if (first != null) {
                problems.atKey(entry, path, "duplicate key '" + key + "' (first set at line " + first.line() + ")");
            }
        }
        return new YamlNode.Mapping(entries, line, column);
    }

    private YamlNode.Sequence sequence(int line, int column) {
        List<YamlNode> items = new ArrayList<>();
        String parentPath = currentPath;
        for (Event e = nextValue(); e != null && e.getEventId() != Event.ID.SequenceEnd; e = nextValue()) {
            currentPath = KeyPaths.item(parentPath, items.size());
            items.add(value(e));
            currentPath = parentPath;
        }
        return new YamlNode.Sequence(items, line, column);
    }

    private static String describe(MarkedYAMLException e) {
        // The problem text only: SnakeYAML's snippets quote the offending line, which may hold a secret.
        String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
        Mark context = e.getContextMark();
        String started = context == null
                ? ""
                : " started at line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1);
        if (problem.contains("TAB")) {
            return "a tab is used for indentation; indent with spaces";
        }
        if (problem.startsWith("expected <block end>")) {
            return "bad indentation: this line does not line up with the keys of the mapping" + started;
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "unexpected ': ' here; quote a value that contains ': ', or fix the indentation";
        }
        if (problem.contains("end of stream")
                && e.getContext() != null
                && e.getContext().contains("quoted")) {
            return "a quoted value" + started + " is never closed";
        }
        return problem + (e.getContext() == null ? "" : " (" + e.getContext() + started + ")");
    }
}
