package io.fraisier.providers.local;

/** {@code strategy: in_place} passes the provider contract. */
class LocalInPlaceContractIT extends LocalProviderContractSetup {
    @Override
    String strategy() {
        return "in_place";
    }
}
