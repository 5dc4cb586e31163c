package io.fraisier.core.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written (1-based line and column), so that every config
 * problem can point at the exact spot. Built by {@link YamlTreeReader}.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {
    int line();

    int column();

    /** How the node is described in "expected …, got …" messages (never shows a value). */
    String describe();

    /** What YAML said a scalar is; after {@code ${VAR}} expansion only the text counts. */
    enum ScalarType {
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    /** A scalar; {@code ~}, {@code null} and an empty value are {@link ScalarType#NULL}. */
    record Scalar(String text, ScalarType type, int line, int column) implements YamlNode {
        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing";
            };
        }
    }

    /** One {@code key: value} of a mapping; line and column are the key's. */
    record Entry(String key, int line, int column, YamlNode value) {}

    /** A mapping in file order. */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
