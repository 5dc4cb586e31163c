package io.fraisier.core.model;

/**
 * What a deployment changes: one environment of one fraise. Both names follow {@link Names#GRAMMAR}.
 *
 * @param fraise the fraise (service) name
 * @param environment the environment name
 */
public record Target(String fraise, String environment) {
    public Target {
        Names.require("fraise", fraise);
        Names.require("environment", environment);
    }

    public static Target of(String fraise, String environment) {
        return new Target(fraise, environment);
    }

    @Override
    public String toString() {
        return fraise + "/" + environment;
    }
}
