package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
    @Test
    void redact_hidesUserInfoOfEveryUrl_andLeavesTheRestAlone() {
        assertThat(UrlCredentials.redact("git clone -- https://deploy:t0ken@git.example.com/org/app.git /srv"))
                .isEqualTo("git clone -- https://***@git.example.com/org/app.git /srv");
        assertThat(UrlCredentials.redact("a http://x@h/ b ssh://u:p@h:22/r"))
                .isEqualTo("a http://***@h/ b ssh://***@h:22/r");
        assertThat(UrlCredentials.redact("git@github.com:org/app.git https://github.com/org/app.git"))
                .isEqualTo("git@github.com:org/app.git https://github.com/org/app.git");
    }
}
