package io.fraisier.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Characterisation of {@link YamlTreeReader}: the types, texts, positions and problems it gave when it walked
 * Jackson's YAML tokens, pinned before it was moved onto SnakeYAML's events (issue #14), so that no
 * fraises.yaml changes meaning or message with the reader.
 */
class YamlTreeReaderTest {

    /** {@code v: <plain or tagged scalar>} → type and text of v, as Jackson's YAMLParser 2.23 typed them. */
    static Stream<Arguments> scalars() {
        return Stream.of(
                // null: empty, ~ and three spellings of null
                row("", "NULL", ""),
                row("~", "NULL", ""),
                row("null", "NULL", ""),
                row("Null", "NULL", ""),
                row("NULL", "NULL", ""),
                row("nULL", "STRING", "nULL"),
                row("none", "STRING", "none"),
                // YAML 1.1 booleans, three spellings each; y/n are strings unless tagged
                row("true", "BOOLEAN", "true"),
                row("True", "BOOLEAN", "True"),
                row("TRUE", "BOOLEAN", "TRUE"),
                row("tRUE", "STRING", "tRUE"),
                row("false", "BOOLEAN", "false"),
                row("yes", "BOOLEAN", "yes"),
                row("Yes", "BOOLEAN", "Yes"),
                row("NO", "BOOLEAN", "NO"),
                row("on", "BOOLEAN", "on"),
                row("Off", "BOOLEAN", "Off"),
                row("y", "STRING", "y"),
                row("N", "STRING", "N"),
                // integers: signs, octal, hexadecimal, binary, underscores; sexagesimal is a string
                row("0", "NUMBER", "0"),
                row("-0", "NUMBER", "-0"),
                row("+1", "NUMBER", "+1"),
                row("007", "NUMBER", "007"),
                row("08", "STRING", "08"),
                row("0_7", "NUMBER", "0_7"),
                row("0x1F", "NUMBER", "0x1F"),
                row("-0x1f", "NUMBER", "-0x1f"),
                row("0xg", "STRING", "0xg"),
                row("0b101", "NUMBER", "0b101"),
                row("+0b1_0", "NUMBER", "+0b1_0"),
                row("0b2", "STRING", "0b2"),
                row("0o17", "STRING", "0o17"),
                row("1_000", "NUMBER", "1_000"),
                row("99999999999999999999", "NUMBER", "99999999999999999999"),
                row("12:30", "STRING", "12:30"),
                row("190:20:30", "STRING", "190:20:30"),
                row("-1x", "STRING", "-1x"),
                // floats
                row("1.5", "NUMBER", "1.5"),
                row("-1.5", "NUMBER", "-1.5"),
                row("1.", "NUMBER", "1."),
                row(".5", "NUMBER", ".5"),
                row("1e3", "NUMBER", "1e3"),
                row("1.5E-3", "NUMBER", "1.5E-3"),
                row("1e309", "NUMBER", "1e309"),
                row("1_000.5", "NUMBER", "1_000.5"),
                row("12:30.5", "NUMBER", "12:30.5"),
                row(".inf", "NUMBER", ".inf"),
                row("-.Inf", "NUMBER", "-.Inf"),
                row(".NaN", "NUMBER", ".NaN"),
                // other YAML 1.1 types are strings
                row("2001-12-14", "STRING", "2001-12-14"),
                row("=", "STRING", "="),
                row("<<", "STRING", "<<"),
                // quoted scalars are always strings
                row("'1'", "STRING", "1"),
                row("\"true\"", "STRING", "true"),
                row("''", "STRING", ""),
                row("\"null\"", "STRING", "null"),
                row("'~'", "STRING", "~"),
                row("'it''s'", "STRING", "it's"),
                row("\"esc \\t \\u00e9\"", "STRING", "esc \t é"),
                // explicit tags
                row("!!str 123", "STRING", "123"),
                row("!!str", "STRING", ""),
                row("!!int \"12\"", "NUMBER", "12"),
                row("!!int 0x1F", "NUMBER", "0x1F"),
                row("!!int abc", "STRING", "abc"),
                row("!!int 1_2", "NUMBER", "1_2"),
                row("!!bool y", "BOOLEAN", "y"),
                row("!!bool maybe", "STRING", "maybe"),
                row("!!bool \"yes\"", "BOOLEAN", "yes"),
                row("!!null x", "NULL", ""),
                row("!!null \"\"", "STRING", ""),
                row("!!float abc", "NUMBER", "abc"),
                row("! 123", "NUMBER", "123"),
                row("!custom 123", "STRING", "123"),
                row("!<tag:yaml.org,2002:int> 5", "NUMBER", "5"),
                row("!<tag:yaml.org,2002:,> 1", "STRING", "1"),
                row("!!binary aGVsbG8=", "STRING", "aGVsbG8="),
                row("!!timestamp 2001-12-14", "STRING", "2001-12-14"),
                row("!foo", "STRING", ""),
                // anchors are ignored; ${VAR} survives flow indicators
                row("&a 1", "NUMBER", "1"),
                row("${VAR}", "STRING", "${VAR}"),
                row("x${Y}z", "STRING", "x${Y}z"),
                row("a # comment", "STRING", "a"));
    }

    private static Arguments row(String yaml, String type, String text) {
        return Arguments.of(yaml, type, text);
    }

    @ParameterizedTest(name = "[{index}] v: {0}")
    @MethodSource("scalars")
    void scalar_isTypedAsJacksonTypedIt(String yaml, String type, String text) {
        Problems problems = new Problems(null);
        YamlNode.Mapping root = YamlTreeReader.readRoot("v: " + yaml + "\n", problems);
        assertThat(problems.inFileOrder()).isEmpty();
        assertThat(root).isNotNull();
        YamlNode.Scalar v = (YamlNode.Scalar) root.entries().get("v").value();
        assertThat(v.type()).hasToString(type);
        assertThat(v.text()).isEqualTo(text);
        assertThat(v.line()).isEqualTo(1);
        assertThat(v.column()).isEqualTo(yaml.isEmpty() ? 3 : 4);
    }

    /** Whole trees: keys and values with their 1-based line and column. */
    static Stream<Arguments> trees() {
        return Stream.of(
                Arguments.of("", "{}@1:1"),
                Arguments.of("# only a comment\n", "{}@1:1"),
                Arguments.of("---\n", "{}@1:1"),
                Arguments.of("a: 1\n...\n", "{a@1:1=NUMBER 1@1:4}@1:1"),
                Arguments.of("\ufeffa: 1\n", "{a@1:1=NUMBER 1@1:4}@1:1"),
                Arguments.of("%YAML 1.1\n---\na: 1\n", "{a@3:1=NUMBER 1@3:4}@3:1"),
                Arguments.of("a: 1\r\nb: 2\r\n", "{a@1:1=NUMBER 1@1:4, b@2:1=NUMBER 2@2:4}@1:1"),
                Arguments.of("   a: 1\n   b: 2\n", "{a@1:4=NUMBER 1@1:7, b@2:4=NUMBER 2@2:7}@1:4"),
                Arguments.of("{a: 1}\n", "{a@1:2=NUMBER 1@1:5}@1:1"),
                Arguments.of(
                        "a:\n  b:\n    c: [1, {d: e}]\n",
                        "{a@1:1={b@2:3={c@3:5=[NUMBER 1@3:9, {d@3:13=STRING e@3:16}@3:12]@3:8}@3:5}@2:3}@1:1"),
                Arguments.of("a:\n- 1\n- 2\n", "{a@1:1=[NUMBER 1@2:3, NUMBER 2@3:3]@2:1}@1:1"),
                Arguments.of("a:    \n  # c\nb: 1\n", "{a@1:1=NULL @1:3, b@3:1=NUMBER 1@3:4}@1:1"),
                Arguments.of("? a\n? b\n", "{a@1:3=NULL @2:1, b@2:3=NULL @3:1}@1:1"),
                Arguments.of(
                        "a: |\n  x\n  y\nb: >\n  p\n  q\n", "{a@1:1=STRING x\ny\n@1:4, b@4:1=STRING p q\n@4:4}@1:1"),
                Arguments.of("a: x\n  y\nb: 'x\n  y'\n", "{a@1:1=STRING x y@1:4, b@3:1=STRING x y@3:4}@1:1"),
                Arguments.of(
                        "k y: 1\n\"q\": 2\n'sq': 3\n~: 4\nnull: 5\n1: 6\ntrue: 7\n",
                        "{k y@1:1=NUMBER 1@1:6, q@2:1=NUMBER 2@2:6, sq@3:1=NUMBER 3@3:7, ~@4:1=NUMBER 4@4:4,"
                                + " null@5:1=NUMBER 5@5:7, 1@6:1=NUMBER 6@6:4, true@7:1=NUMBER 7@7:7}@1:1"),
                Arguments.of(
                        "a: {b: ${X}, c: d}\ne: [${A}, ${B}]\n",
                        "{a@1:1={b@1:5=STRING ${X}@1:8, c@1:14=STRING d@1:17}@1:4,"
                                + " e@2:1=[STRING ${A}@2:5, STRING ${B}@2:11]@2:4}@1:1"),
                Arguments.of(
                        "v: !!set {a, b}\nw: &a [1]\n",
                        "{v@1:1={a@1:11=NULL @1:12, b@1:14=NULL @1:15}@1:4, w@2:1=[NUMBER 1@2:8]@2:4}@1:1"),
                Arguments.of("a: &anc\n  b: 1\n", "{a@1:1={b@2:3=NUMBER 1@2:6}@1:4}@1:1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("trees")
    void tree_keepsEveryPosition(String yaml, String tree) {
        Problems problems = new Problems(null);
        YamlNode.Mapping root = YamlTreeReader.readRoot(yaml, problems);
        assertThat(problems.inFileOrder()).isEmpty();
        assertThat(dump(root)).isEqualTo(tree);
    }

    /** Documents with problems: line:column key.path: message, in file order. */
    static Stream<Arguments> problems() {
        String alias = "YAML aliases (*%s) are not supported; put keys shared by environments in the defaults: block";
        String top = "the top level must be a mapping of sections (database, git, webhook, metrics, defaults,"
                + " branch_mapping, fraises), got ";
        String second = "a second YAML document starts here; fraises.yaml holds exactly one (remove the '---')";
        String field = "malformed YAML: Expected a field name (Scalar value in YAML), got this instead: ";
        String deep = "nested deeper than 64 levels; fraises.yaml needs far fewer (is it the right file?)";
        return Stream.of(
                Arguments.of(
                        "a: 1\na: 2\nb:\n  c: 1\n  c: 3\n",
                        List.of(
                                "2:1 a: duplicate key 'a' (first set at line 1)",
                                "5:3 b.c: duplicate key 'c' (first set at line 4)")),
                Arguments.of(
                        "a: &x 1\nb: *x\nc: [*x]\nd: {e: *x}\n",
                        List.of(
                                "2:4 b: " + alias.formatted("x"),
                                "3:5 c[0]: " + alias.formatted("x"),
                                "4:8 d.e: " + alias.formatted("x"))),
                Arguments.of("a: &x 1\n<<: *x\n", List.of("2:5 <<: " + alias.formatted("x"))),
                Arguments.of(
                        "v: {*a : b}\n",
                        List.of("1:7 v: " + field + "<org.yaml.snakeyaml.events.AliasEvent(anchor=a)>")),
                Arguments.of(
                        "? [a]\n: b\n",
                        List.of(
                                "1:4 : " + field
                                        + "<org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, tag=null, implicit=true)>")),
                Arguments.of("a: 1\n---\n", List.of("3:1 : " + second)),
                Arguments.of("a: 1\n--- b\n", List.of("2:5 : " + second)),
                Arguments.of("--- 5\n", List.of("1:5 : " + top + "a number")),
                Arguments.of("- a\n", List.of("1:1 : " + top + "a list")),
                Arguments.of("x\n", List.of("1:1 : " + top + "a string")),
                Arguments.of(
                        "a:\n\tb: 1\n",
                        List.of("2:1 a: malformed YAML: a tab is used for indentation; indent with spaces")),
                Arguments.of(
                        "a:\n  b: 1\n c: 2\n",
                        List.of("3:2 : malformed YAML: bad indentation: this line does"
                                + " not line up with the keys of the mapping started at line 1, column 1")),
                Arguments.of(
                        "a: 'x\n",
                        List.of("2:1 a: malformed YAML: a quoted value started at line 1, column 4 is never closed")),
                Arguments.of(
                        "a: \"x\n",
                        List.of("2:1 a: malformed YAML: a quoted value started at line 1, column 4 is never closed")),
                Arguments.of(
                        "a: b: c\n",
                        List.of("1:5 : malformed YAML: unexpected ': ' here; quote a value that"
                                + " contains ': ', or fix the indentation")),
                Arguments.of(
                        "a: [1, 2\n",
                        List.of("2:1 a: malformed YAML: expected ',' or ']', but got <stream end>"
                                + " (while parsing a flow sequence started at line 1, column 4)")),
                Arguments.of(
                        "a: \"\\q\"\n",
                        List.of("1:6 a: malformed YAML: found unknown escape character q(113)"
                                + " (while scanning a double-quoted scalar started at line 1, column 4)")),
                Arguments.of(
                        "{a: 1}\n{b: 2}\n",
                        List.of("2:1 : malformed YAML: expected '<document start>', but found '{'")),
                Arguments.of(
                        "a: 1\nb\n",
                        List.of("3:1 : malformed YAML: could not find expected ':' (while scanning"
                                + " a simple key started at line 2, column 1)")),
                Arguments.of(
                        "a: @x\n",
                        List.of("1:4 a: malformed YAML: found character '@' that cannot start any"
                                + " token. (Do not use @ for indentation) (while scanning for the next token)")),
                Arguments.of("a: \u0007b\n", List.of("1:1 : malformed YAML: special characters are not allowed")),
                Arguments.of(
                        "v: !!int 0b2\n",
                        List.of("1:13 v: malformed YAML: Invalid base-2 number ('2'),"
                                + " problem: For input string: \"2\" under radix 2")),
                Arguments.of(
                        "v: [!!int 0b2]\n",
                        List.of("1:14 v: malformed YAML: Invalid base-2 number ('2'),"
                                + " problem: For input string: \"2\" under radix 2")),
                Arguments.of("v: !!int _\n", List.of("1:11 v: malformed YAML: Invalid number ('_')")),
                Arguments.of(
                        "v: 0x" + "f".repeat(1001) + "\n",
                        List.of("1:1007 v: malformed YAML: Number value"
                                + " length (1001) exceeds the maximum allowed (1000, from"
                                + " `StreamReadConstraints.getMaxNumberLength()`)")),
                Arguments.of(
                        "a: !!binary \"abc\"\n",
                        List.of("1:18 a: malformed YAML: Unexpected end of"
                                + " base64-encoded String: base64 variant 'MIME' expects padding (one or more '=' characters)"
                                + " at the end. This Base64Variant might have been incorrectly configured")),
                Arguments.of(
                        "a: !!binary \"ab=c\"\n",
                        List.of("1:19 a: malformed YAML: Illegal character 'c' (code"
                                + " 0x63) in base64 content: expected padding character '='")),
                Arguments.of(
                        "a: !!binary \"a b\"\n",
                        List.of("1:18 a: malformed YAML: Illegal white space character"
                                + " (code 0x20) as character #2 of 4-char base64 unit: can only used between units")),
                Arguments.of(
                        "a: " + "[".repeat(70) + "]".repeat(70) + "\n",
                        List.of("1:67 a" + "[0]".repeat(63) + ": " + deep)),
                Arguments.of(
                        "a: {" + "b: {".repeat(70) + "}".repeat(71) + "\n",
                        List.of("1:256 a" + ".b".repeat(63) + ": " + deep)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void problem_isReportedWhereItIs(String yaml, List<String> expected) {
        Problems problems = new Problems(null);
        YamlTreeReader.readRoot(yaml, problems);
        assertThat(problems.inFileOrder())
                .extracting(YamlTreeReaderTest::describe)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void overLongDocument_isRefusedBeforeParsing() {
        String yaml = "a: \"" + "y".repeat(YamlTreeReader.MAX_CHARACTERS) + "\"\n";
        Problems problems = new Problems(null);
        assertThat(YamlTreeReader.readRoot(yaml, problems)).isNull();
        assertThat(problems.inFileOrder())
                .extracting(YamlTreeReaderTest::describe)
                .containsExactly("1:1 : the"
                        + " document is " + yaml.length()
                        + " characters long; fraises.yaml may be at most 1048576 (is it the"
                        + " right file?)");
    }

    @Test
    void documentOfExactlyTheLimit_isRead() {
        String prefix = "a: \"";
        String yaml = prefix + "y".repeat(YamlTreeReader.MAX_CHARACTERS - prefix.length() - 2) + "\"\n";
        assertThat(yaml).hasSize(YamlTreeReader.MAX_CHARACTERS);
        Problems problems = new Problems(null);
        YamlNode.Mapping root = YamlTreeReader.readRoot(yaml, problems);
        assertThat(problems.inFileOrder()).isEmpty();
        assertThat(((YamlNode.Scalar) root.entries().get("a").value()).text()).hasSize(yaml.length() - 6);
    }

    @Test
    void variableKey_keepsItsMaskedBraces() {
        // keys are not unmasked (only values are): a ${VAR} key is never a known key, and says so
        Problems problems = new Problems(null);
        YamlNode.Mapping root = YamlTreeReader.readRoot("${K}: 1\n", problems);
        assertThat(root.entries()).containsOnlyKeys("$\uE000K\uE001");
    }

    private static String describe(ConfigProblem p) {
        return p.line() + ":" + p.column() + " " + p.keyPath() + ": " + p.message();
    }

    private static String dump(YamlNode node) {
        String at = "@" + node.line() + ":" + node.column();
        return switch (node) {
            case YamlNode.Scalar s -> s.type() + " " + s.text() + at;
            case YamlNode.Mapping m ->
                m.entries().values().stream()
                                .map(e -> e.key() + "@" + e.line() + ":" + e.column() + "=" + dump(e.value()))
                                .collect(Collectors.joining(", ", "{", "}"))
                        + at;
            case YamlNode.Sequence q ->
                q.items().stream().map(YamlTreeReaderTest::dump).collect(Collectors.joining(", ", "[", "]")) + at;
        };
    }
}
