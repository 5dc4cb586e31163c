package io.fraisier.cli.render;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Whether output may carry ANSI colour: only on a terminal, never with {@code --no-color},
 * {@code NO_COLOR} or {@code TERM=dumb}.
 *
 * @param color colour escapes are written
 */
public record Terminal(boolean color) {
    private static final String RESET = "\u001b[0m";

    public static Terminal plain() {
        return new Terminal(false);
    }

    public static Terminal detect(boolean noColor, Map<String, String> environment) {
        if (noColor || environment.containsKey("NO_COLOR") || "dumb".equals(environment.get("TERM"))) {
            return plain();
        }
        return new Terminal(isTerminal(System.console()));
    }

    public String bold(String s) {
        return paint("\u001b[1m", s);
    }

    public String dim(String s) {
        return paint("\u001b[2m", s);
    }

    public String green(String s) {
        return paint("\u001b[32m", s);
    }

    public String red(String s) {
        return paint("\u001b[31m", s);
    }

    private String paint(String code, String s) {
        return color ? code + s + RESET : s;
    }

    // From Java 22 System.console() exists even when output is redirected; isTerminal() tells the truth.
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
