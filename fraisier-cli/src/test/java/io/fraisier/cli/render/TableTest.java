package io.fraisier.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void print_alignsColumns_andShowsEmptyCellsAsDash() {
        StringWriter out = new StringWriter();

        new Table("FRAISE", "ENV", "BRANCH")
                .row("my_api", "production", "main")
                .row("w", "staging", null)
                .print(new PrintWriter(out));

        assertThat(out.toString().lines().toList())
                .containsExactly("FRAISE  ENV         BRANCH", "my_api  production  main", "w       staging     -");
    }

    @Test
    void row_withWrongCellCount_isRejected() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 cells");
    }

    @Test
    void terminal_withNoColor_writesNoEscapes() {
        assertThat(Terminal.detect(true, java.util.Map.of()).bold("x")).isEqualTo("x");
        assertThat(new Terminal(true).bold("x")).isEqualTo("\u001b[1mx\u001b[0m");
    }
}
