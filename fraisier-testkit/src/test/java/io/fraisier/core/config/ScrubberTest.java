package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrubberTest {
    @Test
    void masksEveryOccurrence_ofAValue() {
        Scrubber s = Scrubber.of(List.of("hunter2-long-secret"));
        assertThat(s.scrub("a hunter2-long-secret b hunter2-long-secret")).isEqualTo("a *** b ***");
    }

    @Test
    void nullAndEmptyStayAsTheyAre() {
        Scrubber s = Scrubber.of(List.of("hunter2-long-secret"));
        assertThat(s.scrub(null)).isNull();
        assertThat(s.scrub("")).isEmpty();
    }

    @Test
    void aShortSecret_isMaskedWhereItStandsAlone_butNotInsideWords() {
        Scrubber s = Scrubber.of(List.of("pw1"));
        assertThat(s.scrub("DB_PASSWORD=pw1\nOTHER=x")).isEqualTo("DB_PASSWORD=***\nOTHER=x");
        assertThat(s.scrub("pw1")).isEqualTo("***");
        assertThat(s.scrub("'pw1'")).isEqualTo("'***'");
        // part of a longer word: not the secret, left alone
        assertThat(s.scrub("spw12 and xpw1")).isEqualTo("spw12 and xpw1");
    }

    @Test
    void aLongSecret_isMaskedEvenInsideAWord() {
        Scrubber s = Scrubber.of(List.of("abcdef123"));
        assertThat(s.scrub("xxabcdef123yy")).isEqualTo("xx***yy");
    }

    @Test
    void secretsThatAreSubstringsOfEachOther_leaveNothingOfEither() {
        Scrubber s = Scrubber.of(List.of("token-abc", "token-abc-123456", "abc-123456-zz"));
        assertThat(s.scrub("[token-abc-123456]")).isEqualTo("[***]");
        assertThat(s.scrub("[token-abc]")).isEqualTo("[***]");
        // overlapping: token-abc-123456 and abc-123456-zz share characters: one masked span
        assertThat(s.scrub("[token-abc-123456-zz]")).isEqualTo("[***]");
    }

    @Test
    void urlEncodedAndJsonEscapedForms_areMaskedToo() {
        Scrubber s = Scrubber.of(List.of("p@ss w/rd\"x"));
        assertThat(s.scrub("https://db/x?password=p%40ss+w%2Frd%22x")).doesNotContain("p%40ss");
        assertThat(s.scrub("p%40ss%20w%2Frd%22x")).isEqualTo("***");
        assertThat(s.scrub("{\"v\":\"p@ss w/rd\\\"x\"}")).isEqualTo("{\"v\":\"***\"}");
        assertThat(s.scrub("raw p@ss w/rd\"x")).isEqualTo("raw ***");
    }

    @Test
    void jsonThatEscapesSlashes_likeLogbacksJsonEncoder_isMaskedToo() {
        Scrubber s = Scrubber.of(List.of("p@ss w/rd\"x"));
        assertThat(s.scrub("{\"v\":\"p@ss w\\/rd\\\"x\"}")).isEqualTo("{\"v\":\"***\"}");
        assertThat(Scrubber.NONE.scrub("{\"m\":\"clone https:\\/\\/user:tok3n@git.example.com\\/r.git\"}"))
                .isEqualTo("{\"m\":\"clone https:\\/\\/***@git.example.com\\/r.git\"}");
    }

    @Test
    void urlCredentials_inAJsonLine_endAtTheString_soTheLineStaysJson() {
        String line = "{\"m\":\"fetch https://example.com\",\"e\":{\"message\":\"ops@example.com\"}}";
        assertThat(Scrubber.NONE.scrub(line)).isEqualTo(line);
    }

    @Test
    void credentialsInAnyUrl_areMasked_evenWhenNotConfigured() {
        assertThat(Scrubber.NONE.scrub("clone https://user:tok3n@git.example.com/r.git done"))
                .isEqualTo("clone https://***@git.example.com/r.git done");
    }

    @Test
    void theMaskItself_isNeverTakenForASecret() {
        Scrubber s = Scrubber.of(List.of("***", "*"));
        assertThat(s.scrub("a *** b")).isEqualTo("a *** b");
    }

    @Test
    void collectsEverySecretOfTheConfigAndTheEnvironment() {
        Map<String, String> env = Map.of(
                "FRAISIER_DATABASE_URL", "postgresql://fraisier:db-P%40ss-word@db.example.com/fraisier",
                "GITHUB_TOKEN", "ghp_envtoken12345",
                "HOOK", "hook-secret-from-env",
                "DEPLOY_KEY_PASS", "key-passphrase-1",
                "PATH", "/usr/bin:/bin");
        FraisierConfig config = new ConfigParser(env, ReferenceProviders.all()).parse("""
                database:
                  type: postgresql
                  password: block-password-1
                git:
                  github:
                    webhook_secret: ${HOOK}
                fraises:
                  api:
                    type: api
                    environments:
                      prod:
                        provider: coolify
                        api_url: https://coolify.example.com
                        api_token: coolify-token-1
                        application_uuid: abc
                      local:
                        provider: local
                        app_path: /srv/api
                        git_repo: https://oauth2:git-token-1@git.example.com/api.git
                  box:
                    type: api
                    environments:
                      prod:
                        provider: docker
                        image: nginx
                        env: { APP_ENV: production, API_SECRET: container-secret-1 }
                      metal:
                        provider: bare_metal
                        host: app1
                        app_path: /srv/box
                        key_passphrase_env: DEPLOY_KEY_PASS
                """, null);
        Scrubber s = Scrubber.of(config, env);
        String all = String.join(
                "|",
                "db-P@ss-word",
                "db-P%40ss-word",
                "ghp_envtoken12345",
                "hook-secret-from-env",
                "block-password-1",
                "coolify-token-1",
                "git-token-1",
                "container-secret-1",
                "key-passphrase-1");
        assertThat(s.scrub(all)).isEqualTo(String.join("|", java.util.Collections.nCopies(9, "***")));
        // not secrets: left alone
        assertThat(s.scrub("deploying api/prod with APP_ENV=production from /usr/bin:/bin"))
                .isEqualTo("deploying api/prod with APP_ENV=production from /usr/bin:/bin");
    }

    /**
     * A database URL with a user and no password (the password then comes from PGPASSWORD or .pgpass, or the
     * server trusts the host) names a user, not a token. Masked, it hid the user from the very error that names it
     * ("refused the login of user '***'"), and a user called fraisier took the program's name out of every hint,
     * path and stored event ("`*** --version -v`").
     */
    @Test
    void theUserAloneOfADatabaseUrl_isNoSecret() {
        String text = "refused the login of user 'fraisier'; `fraisier --version -v`; pool fraisier-postgresql";
        Map<String, String> env = Map.of("FRAISIER_DATABASE_URL", "postgresql://fraisier@db.example.com:5432/fraisier");
        assertThat(Scrubber.of(null, env).scrub(text)).isEqualTo(text);
        FraisierConfig config = new ConfigParser(Map.of(), ReferenceProviders.all()).parse("""
                database:
                  type: postgresql
                  url: postgresql://postgres@db.example.com/fraisier
                fraises: {}
                """, null);
        assertThat(Scrubber.of(config, Map.of()).scrub(text)).isEqualTo(text);
        // with a password, the password is the secret, as before
        assertThat(Scrubber.of(null, Map.of("FRAISIER_DATABASE_URL", "postgresql://fraisier:pw-4-db-9@db/fraisier"))
                        .scrub("user fraisier, password pw-4-db-9"))
                .isEqualTo("user fraisier, password ***");
    }

    @Test
    void aTokenAloneAsTheUserOfAUrl_isTheSecret() {
        FraisierConfig config = new ConfigParser(Map.of(), ReferenceProviders.all()).parse("""
                fraises:
                  api:
                    type: api
                    environments:
                      local:
                        provider: local
                        app_path: /srv/api
                        git_repo: https://ghp_lonetoken999@github.com/o/api.git
                """, null);
        assertThat(Scrubber.of(config, Map.of()).scrub("token ghp_lonetoken999"))
                .isEqualTo("token ***");
    }
}
