package io.fraisier.providers.local;

/** {@code strategy: releases} passes the provider contract. */
class LocalReleasesContractIT extends LocalProviderContractSetup {
    @Override
    String strategy() {
        return "releases";
    }
}
