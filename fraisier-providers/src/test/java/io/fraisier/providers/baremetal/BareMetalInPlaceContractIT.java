package io.fraisier.providers.baremetal;

/** {@code strategy: in_place} over SSH passes the provider contract. */
class BareMetalInPlaceContractIT extends BareMetalContractSetup {
    @Override
    String strategy() {
        return "in_place";
    }
}
