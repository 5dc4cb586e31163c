package io.fraisier.cli.docgen;

/** Description text from the command model, as plain text (picocli's {@code %n} line breaks resolved). */
final class Text {
    private Text() {}

    static String plain(String[] description) {
        return String.join(" ", description)
                .replace("%n", "\n")
                .replace("%%", "%")
                .strip();
    }

    /** The first sentence, on one line: short enough for a completion menu or a man page's NAME. */
    static String firstSentence(String[] description) {
        String text = plain(description).replace('\n', ' ');
        int end = text.indexOf(". ");
        while (end > 0 && (text.startsWith("e.g", end - 3) || text.startsWith("i.e", end - 3))) {
            end = text.indexOf(". ", end + 2);
        }
        String first = end < 0 ? text : text.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }
}
