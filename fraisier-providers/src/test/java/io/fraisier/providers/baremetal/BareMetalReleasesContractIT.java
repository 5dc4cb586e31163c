package io.fraisier.providers.baremetal;

/** {@code strategy: releases} over SSH passes the provider contract. */
class BareMetalReleasesContractIT extends BareMetalContractSetup {
    @Override
    String strategy() {
        return "releases";
    }
}
