package io.fraisier.core.internal.config;

import io.fraisier.core.config.ConfigProblem;
import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.config.KeyPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects the problems of one file so that all of them are reported at once. Not thread-safe. */
public final class Problems {
    private final @Nullable Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public Problems(@Nullable Path file) {
        this.file = file;
    }

    /** The file the problems are in (null: text without a file). */
    public @Nullable Path file() {
        return file;
    }

    public void add(int line, int column, String keyPath, String message) {
        problems.add(new ConfigProblem(file, line, column, keyPath, message));
    }

    /** A problem with a value (points at the value). */
    public void at(YamlNode node, String keyPath, String message) {
        add(node.line(), node.column(), keyPath, message);
    }

    /** A problem with a key (points at the key). */
    public void atKey(YamlNode.Entry entry, String keyPath, String message) {
        add(entry.line(), entry.column(), keyPath, message);
    }

    /** An unknown key, with a "did you mean" when one of {@code candidates} is close. */
    public void unknownKey(YamlNode.Entry entry, String parentPath, Collection<String> candidates) {
        atKey(
                entry,
                KeyPaths.child(parentPath, entry.key()),
                "unknown key '" + entry.key() + "'" + DidYouMean.suffix(entry.key(), candidates));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int size() {
        return problems.size();
    }

    /** Every problem, in file order (line, then column; equal positions keep the order they were found in). */
    public List<ConfigProblem> inFileOrder() {
        return problems.stream()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }
}
