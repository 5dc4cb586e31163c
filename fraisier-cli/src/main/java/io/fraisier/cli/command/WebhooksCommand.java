package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier webhooks}. */
@Command(
        name = "webhooks",
        description = "List recent webhook events: git host, branch, what they triggered, whether processed.")
public final class WebhooksCommand extends FraisierSubcommand {
    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        config();
        throw notAvailable("the webhook event store");
    }
}
