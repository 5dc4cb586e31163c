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

    @Test
    void print_showsControlCharactersOfACell_soThatAStoredErrorCannotDrawOnTheTerminal() {
        StringWriter out = new StringWriter();

        new Table("STATUS", "ERROR")
                .row("failed", "\u001b[1A\u001b[2Ksuccess\u009b31m\u007f")
                .print(new PrintWriter(out));

        assertThat(out.toString()).doesNotContain("\u001b", "\u009b", "\u007f");
        assertThat(out.toString().lines().toList().getLast()).isEqualTo("failed  ^[[1A^[[2KsuccessM-^[31m^?");
    }

    @Test
    void visible_leavesPlainTextAlone_andKeepsLineBreaksAndTabs() {
        String plain = "déploiement réussi\tv2\nnext line";
        assertThat(Visible.controls(plain)).isSameAs(plain);
        assertThat(Visible.controls("a\u0000b\rc")).isEqualTo("a^@b^Mc");
    }
}
