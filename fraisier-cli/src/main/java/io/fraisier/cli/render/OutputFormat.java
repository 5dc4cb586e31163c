package io.fraisier.cli.render;

/** How a command prints its result: for people ({@code text}) or for scripts ({@code json}). */
public enum OutputFormat {
    text,
    json
}
