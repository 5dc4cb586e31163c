package io.fraisier.cli.render;

/**
 * Control characters made visible, as {@code cat -v} shows them ({@code ESC} as {@code ^[}, {@code DEL} as
 * {@code ^?}, a C1 control as {@code M-^[}), for text that came from outside Fraisier (a command's output
 * kept in a deployment's error, a step's message, a service's log lines) and is printed among Fraisier's
 * own lines: an escape sequence there could retitle the terminal, hide a line or print a fake one ("ESC[2K
 * deployment succeeded"). JSON output escapes them instead. Line breaks and tabs stay as they are. The
 * live output of a command ({@code --verbose}) streams as the command wrote it, colours included.
 */
public final class Visible {
    private Visible() {}

    /** {@code text} with its control characters but line breaks and tabs in caret notation. */
    public static String controls(String text) {
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t') {
                out.append(c);
            } else if (c < 0x20) {
                out.append('^').append((char) (c + 64));
            } else if (c == 0x7f) {
                out.append("^?");
            } else if (c >= 0x80 && c <= 0x9f) {
                out.append("M-^").append((char) (c - 0x80 + 64));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                return i;
            }
        }
        return -1;
    }
}
