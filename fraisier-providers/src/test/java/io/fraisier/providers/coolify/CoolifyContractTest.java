package io.fraisier.providers.coolify;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.testkit.provider.DeploymentProviderContract;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The provider contract against {@link FakeCoolify}: real HTTP on loopback, deployments that take a few
 * polls, and an application whose health depends on the deployed commit. Polls wait a millisecond.
 */
class CoolifyContractTest extends DeploymentProviderContract {
    private FakeCoolify coolify;

    @BeforeEach
    void freshTarget() throws IOException {
        coolify = new FakeCoolify(CoolifyTargets.TOKEN, CoolifyTargets.APP);
    }

    @AfterEach
    void stopCoolify() throws IOException {
        coolify.close();
    }

    @Override
    protected DeploymentProvider newProvider() {
        var environment = CoolifyTargets.environment(coolify.apiUrl(), Duration.ofSeconds(30), healthCheck());
        Sleeper fast = d -> Thread.sleep(1);
        return new CoolifyDeploymentProvider(
                CoolifySettings.from(environment), CoolifyDeploymentProviderFactory.client(), fast, Clock.systemUTC());
    }

    @Override
    protected Version publishNewVersion() {
        return Version.of(coolify.push(true));
    }

    @Override
    protected Version publishBrokenVersion() {
        return Version.of(coolify.push(false));
    }

    @Override
    protected Version unknownVersion() {
        return Version.of(FakeCoolify.randomSha());
    }

    @Override
    protected boolean resolveTargetChecksExistence() {
        return false;
    }

    @Override
    protected HealthCheck healthCheck() {
        return CoolifyTargets.httpCheck(coolify.healthUrl());
    }
}
