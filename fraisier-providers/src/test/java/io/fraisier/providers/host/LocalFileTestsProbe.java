package io.fraisier.providers.host;

/**
 * Prints {@link LocalFileTests}' answers for each path given, one line each ({@code exists isDirectory
 * isCheckout}, as {@code true}/{@code false}): {@link LocalFileTestsIT} runs it as another user when the tests
 * run as root, who may search every folder.
 */
public final class LocalFileTestsProbe {
    private LocalFileTestsProbe() {}

    public static void main(String[] paths) {
        FileTests tests = new LocalFileTests();
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            out.append(tests.exists("probe", path))
                    .append(' ')
                    .append(tests.isDirectory("probe", path))
                    .append(' ')
                    .append(tests.isCheckout("probe", path))
                    .append('\n');
        }
        System.out.print(out);
    }
}
