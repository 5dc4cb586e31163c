package io.fraisier.cli.command;

import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --override-freeze --reason TEXT}, shared by {@code deploy} and {@code rollback} (a picocli mixin). */
final class FreezeOverride {
    @Option(
            names = "--override-freeze",
            description = "Go ahead although the target is frozen; needs --reason (recorded in the deployment's"
                    + " events).")
    boolean overrideFreeze;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the freeze is overridden.")
    String reason;

    /**
     * The recorded reason for overriding a freeze, or null when none is overridden.
     *
     * @param usage makes the usage error of the command at hand
     */
    String reason(Function<String, ParameterException> usage) {
        if (!overrideFreeze) {
            if (reason != null) {
                throw usage.apply("--reason goes with --override-freeze");
            }
            return null;
        }
        if (reason == null || reason.isBlank()) {
            throw usage.apply("--override-freeze needs --reason TEXT saying why (it is recorded)");
        }
        return reason;
    }
}
