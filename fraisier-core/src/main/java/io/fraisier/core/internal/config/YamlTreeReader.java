package io.fraisier.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import io.fraisier.core.config.KeyPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads YAML text into a {@link YamlNode} tree by walking Jackson's YAML tokens, recording the line and
 * column of every key and value. Syntax errors, duplicate keys, aliases and extra documents become
 * problems; a syntax error stops the reading (nothing after it can be trusted).
 *
 * <p>Not thread-safe: one instance reads one text.
 */
public final class YamlTreeReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    /** The longest document read (1 MiB of characters); a real fraises.yaml is a few kilobytes. */
    public static final int MAX_CHARACTERS = 1024 * 1024;
    /**
     * The deepest nesting of mappings and sequences read; a fraises.yaml needs about eight. Deeper documents
     * are refused before the recursive reading (here and in SnakeYAML) can overflow the stack, which
     * happens below Jackson's own limit of 1000.
     */
    public static final int MAX_DEPTH = 64;

    // ${VAR} inside a flow mapping (CONFIG.md writes `github: { webhook_secret: ${GITHUB_WEBHOOK_SECRET} }`)
    // is not valid YAML: its braces are flow indicators. The braces of ${...} are swapped for two private-use
    // characters before parsing (same length, so lines and columns stay exact) and swapped back in values.
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^{}\\r\\n]*)}");
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    private final Problems problems;
    private YAMLParser parser;
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

    // Jackson's wrappers of SnakeYAML's errors are deprecated but present throughout Jackson 2.x; they are
    // the only way to the exact problem position without depending on SnakeYAML directly.
    @SuppressWarnings("deprecation")
    private @Nullable YamlNode read(String text) {
        try (YAMLParser p = FACTORY.createParser(maskVariableBraces(text))) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, 1, 1);
            }
            YamlNode root = value(first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation at = p.currentTokenLocation();
                problems.add(
                        at.getLineNr(),
                        at.getColumnNr(),
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
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null || parser == null ? e.getLocation() : parser.currentLocation();
            problems.add(
                    at == null ? 1 : Math.max(1, at.getLineNr()),
                    at == null ? 1 : Math.max(1, at.getColumnNr()),
                    currentPath,
                    "malformed YAML: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add(1, 1, "", "cannot read the YAML text: " + e.getMessage());
            return null;
        }
    }

    static String maskVariableBraces(String text) {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("$" + OPEN + m.group(1) + CLOSE));
    }

    static String unmask(String value) {
        return value.indexOf(OPEN) < 0 ? value : value.replace(OPEN, '{').replace(CLOSE, '}');
    }

    private YamlNode value(JsonToken token) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && ++depth > MAX_DEPTH) {
            problems.add(
                    line,
                    column,
                    currentPath,
                    "nested deeper than " + MAX_DEPTH + " levels; fraises.yaml needs far fewer (is it the right"
                            + " file?)");
            throw new TooDeep();
        }
        return switch (token) {
            case START_OBJECT -> nested(mapping(line, column));
            case START_ARRAY -> nested(sequence(line, column));
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, line, column);
            case VALUE_TRUE, VALUE_FALSE ->
                new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.BOOLEAN, line, column);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.NUMBER, line, column);
            default -> {
                if (parser.isCurrentAlias()) {
                    problems.add(
                            line,
                            column,
                            currentPath,
                            "YAML aliases (*" + parser.getText() + ") are not supported; put keys shared by"
                                    + " environments in the defaults: block");
                    yield new YamlNode.Scalar("", YamlNode.ScalarType.NULL, line, column);
                }
                yield new YamlNode.Scalar(unmask(parser.getText()), YamlNode.ScalarType.STRING, line, column);
            }
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

    private YamlNode.Mapping mapping(int line, int column) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        String parentPath = currentPath;
        for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            JsonLocation at = parser.currentTokenLocation();
            String path = KeyPaths.child(parentPath, key);
            currentPath = path;
            YamlNode value = value(parser.nextToken());
            currentPath = parentPath;
            YamlNode.Entry entry = new YamlNode.Entry(key, at.getLineNr(), at.getColumnNr(), value);
            YamlNode.Entry first = entries.putIfAbsent(key, entry);
            if (first != null) {
                problems.atKey(entry, path, "duplicate key '" + key + "' (first set at line " + first.line() + ")");
            }
        }
        return new YamlNode.Mapping(entries, line, column);
    }

    private YamlNode.Sequence sequence(int line, int column) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        String parentPath = currentPath;
        for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            currentPath = KeyPaths.item(parentPath, items.size());
            items.add(value(t));
            currentPath = parentPath;
        }
        return new YamlNode.Sequence(items, line, column);
    }

    @SuppressWarnings("deprecation")
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
