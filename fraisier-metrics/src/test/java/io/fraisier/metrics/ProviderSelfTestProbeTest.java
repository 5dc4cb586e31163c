package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderSelfTestProbeTest {
    /** A provider that only answers its self-test, and remembers being closed. */
    private static final class SelfTestingProvider implements DeploymentProvider {
        private final List<CheckResult> checks;
        private boolean closed;

        SelfTestingProvider(CheckResult... checks) {
            this.checks = List.of(checks);
        }

        @Override
        public String type() {
            return "bare_metal";
        }

        @Override
        public List<CheckResult> selfTest() {
            return checks;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Optional<Version> currentVersion() {
            throw new AssertionError("a probe only self-tests");
        }

        @Override
        public Version resolveTarget(Version requested) {
            throw new AssertionError("a probe only self-tests");
        }

        @Override
        public List<String> plan(Version current, Version target) {
            throw new AssertionError("a probe only self-tests");
        }

        @Override
        public void deploy(Version version, StepReporter steps) {
            throw new AssertionError("a probe only self-tests");
        }

        @Override
        public ProbeResult probe(HealthCheck check, Duration timeout) {
            throw new AssertionError("a probe only self-tests");
        }
    }

    private static final Target TARGET = Target.of("my_api", "production");

    @Test
    void available_whenEveryCheckPasses_isTrueAndClosesTheProvider() {
        SelfTestingProvider provider =
                new SelfTestingProvider(CheckResult.pass("connect", "web1:22"), CheckResult.pass("git", "ok"));
        ProviderSelfTestProbe probe = new ProviderSelfTestProbe("bare_metal", TARGET, () -> provider);

        assertThat(probe.available()).isTrue();
        assertThat(provider.closed).isTrue();
        assertThat(probe.provider()).isEqualTo("bare_metal");
        assertThat(probe.target()).isEqualTo("my_api/production");
    }

    @Test
    void available_whenAnyCheckFails_isFalse() {
        SelfTestingProvider provider = new SelfTestingProvider(
                CheckResult.pass("connect", "web1:22"), CheckResult.fail("host key", "changed"));

        assertThat(new ProviderSelfTestProbe("bare_metal", TARGET, () -> provider).available())
                .isFalse();
        assertThat(provider.closed).isTrue();
    }

    @Test
    void available_whenTheProviderCannotBeOpened_throwsForTheMonitorToCountAsDown() {
        ProviderSelfTestProbe probe = new ProviderSelfTestProbe("bare_metal", TARGET, () -> {
            throw new FraisierException(ErrorCode.PROVIDER_UNREACHABLE, "web1:22 refused the connection");
        });

        assertThatThrownBy(probe::available).isInstanceOf(FraisierException.class);
    }
}
