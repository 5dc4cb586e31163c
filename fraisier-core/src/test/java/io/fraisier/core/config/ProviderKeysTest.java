package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProviderKeysTest {
    @Test
    void types_areTheFiveProvidersOfConfigMd() {
        assertThat(ProviderKeys.types()).containsExactly("bare_metal", "local", "docker", "docker_compose", "coolify");
    }

    @Test
    void local_hasNoSshKeys_whileComposeMayRunOverSsh() {
        assertThat(ProviderKeys.keysFor("local"))
                .contains("app_path")
                .doesNotContain("host", "port", "user", "key_path");
        assertThat(ProviderKeys.keysFor("docker_compose"))
                .contains("compose_file", "host", "port", "user", "key_path", "known_hosts", "host_key_fingerprint");
        assertThat(ProviderKeys.keysFor("coolify")).containsExactly("api_url", "api_token", "application_uuid");
    }

    @Test
    void requiredKeys_areSubsetsOfTheProvidersKeys() {
        for (String type : ProviderKeys.types()) {
            assertThat(ProviderKeys.keysFor(type)).containsAll(ProviderKeys.requiredKeysFor(type));
        }
        assertThat(ProviderKeys.requiredKeysFor("bare_metal")).containsExactly("host", "app_path");
    }

    @Test
    void providersWith_namesEveryOwnerOfAKey() {
        assertThat(ProviderKeys.providersWith("host")).containsExactly("bare_metal", "docker_compose");
        assertThat(ProviderKeys.providersWith("nope")).isEmpty();
    }

    @Test
    void unknownType_isRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> ProviderKeys.keysFor("k8s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare_metal");
    }
}
