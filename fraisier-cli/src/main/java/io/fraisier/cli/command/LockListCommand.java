package io.fraisier.cli.command;

import picocli.CommandLine.Command;

/** {@code fraisier lock list}. */
@Command(name = "list", description = "List held locks: target, holder (host:pid), deployment, age, expiry.")
public final class LockListCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        config();
        throw notAvailable("the lock store");
    }
}
