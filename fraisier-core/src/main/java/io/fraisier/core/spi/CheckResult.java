package io.fraisier.core.spi;

/**
 * One line of {@code fraisier provider-test}.
 *
 * @param name what was checked ({@code connect}, {@code host key}, {@code git})
 * @param ok whether it passed
 * @param detail the reason or what was found
 */
public record CheckResult(String name, boolean ok, String detail) {
    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }
}
