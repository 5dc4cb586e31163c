package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.testkit.git.TinyService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Branch heads and ancestry, asked of the host over SSH, for refusing stale webhook pushes. */
class BareMetalVersionHistoryTest extends InProcessSshFixture {
    @Test
    void branchHead_andIsAncestor_areAskedOfTheHost() throws Exception {
        Version v1 = Version.of(origin.commit("v1", TinyService.files(200, "v1")));
        Version v2 = Version.of(origin.commit("v2", TinyService.files(200, "v2")));
        try (var p = provider(settings(), Duration.ofSeconds(60), Map.of())) {
            assertThat(p.branchHead("main")).contains(v2);
            assertThatThrownBy(() -> p.branchHead("gone"))
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            // before the first deployment the host holds no repository: it cannot tell
            assertThat(p.isAncestor(v1, v2)).isEmpty();

            p.deploy(v2, StepReporter.NONE);

            assertThat(p.isAncestor(v1, v2)).contains(true);
            assertThat(p.isAncestor(v2, v1)).contains(false);
        }
    }
}
