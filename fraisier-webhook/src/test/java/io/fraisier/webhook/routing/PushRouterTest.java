package io.fraisier.webhook.routing;

import static io.fraisier.webhook.Payloads.SHA;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Target;
import io.fraisier.webhook.TestConfigs;
import io.fraisier.webhook.host.HostEvent;
import io.fraisier.webhook.host.RefUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushRouterTest {
    private final PushRouter router = new PushRouter(TestConfigs.config());

    private static HostEvent.Push push(RefUpdate... updates) {
        return new HostEvent.Push("push", List.of(updates), "octocat", "octo/my-api");
    }

    @Test
    void route_branchMappedToTwoTargets_plansBothWithTheirProviders() {
        RoutingDecision decision = router.route(push(RefUpdate.of(RefUpdate.Kind.BRANCH, "develop", SHA, false)));

        assertThat(decision.deployments())
                .extracting(PlannedDeployment::target, PlannedDeployment::provider)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Target.of("my_api", "staging"), "docker"),
                        org.assertj.core.groups.Tuple.tuple(Target.of("worker", "staging"), "docker"));
    }

    @Test
    void route_unmappedBranch_isIgnoredWithTheReason() {
        RoutingDecision decision = router.route(push(RefUpdate.of(RefUpdate.Kind.BRANCH, "feature/x", SHA, false)));

        assertThat(decision.deploysNothing()).isTrue();
        assertThat(decision.ignoredReason()).isEqualTo("branch 'feature/x' is not in branch_mapping");
    }

    @Test
    void route_deletedMappedBranch_deploysNothing() {
        RoutingDecision decision = router.route(push(RefUpdate.of(RefUpdate.Kind.BRANCH, "main", null, true)));

        assertThat(decision.deploysNothing()).isTrue();
        assertThat(decision.ignoredReason()).isEqualTo("branch 'main' was deleted");
    }

    @Test
    void route_tagNamedLikeAMappingKey_deploysThatKeysTargets() {
        RoutingDecision decision = router.route(push(RefUpdate.of(RefUpdate.Kind.TAG, "production", SHA, false)));

        assertThat(decision.deployments())
                .extracting(PlannedDeployment::target)
                .containsExactly(Target.of("my_api", "production"));
    }

    @Test
    void route_versionTag_isIgnoredWithTheReason() {
        RoutingDecision decision = router.route(push(RefUpdate.of(RefUpdate.Kind.TAG, "v1.2.3", SHA, false)));

        assertThat(decision.ignoredReason()).isEqualTo("tag 'v1.2.3' is not in branch_mapping");
    }

    @Test
    void route_pushWithMappedAndUnmappedRefs_plansTheMappedOnesAndExplainsTheRest() {
        RoutingDecision decision = router.route(push(
                RefUpdate.of(RefUpdate.Kind.BRANCH, "main", SHA, false),
                RefUpdate.of(RefUpdate.Kind.BRANCH, "wip", SHA, false)));

        assertThat(decision.deployments()).hasSize(1);
        assertThat(decision.ignored()).containsExactly("branch 'wip' is not in branch_mapping");
    }

    @Test
    void route_manyUpdatesOfOneBranch_planOneDeploymentPerTarget_andSaySoInTheReason() {
        RefUpdate main = RefUpdate.of(RefUpdate.Kind.BRANCH, "main", SHA, false);
        RefUpdate develop = RefUpdate.of(RefUpdate.Kind.BRANCH, "develop", SHA, false);

        RoutingDecision decision = router.route(push(main, main, develop, main, develop));

        assertThat(decision.deployments())
                .extracting(PlannedDeployment::target)
                .containsExactly(
                        Target.of("my_api", "production"),
                        Target.of("my_api", "staging"),
                        Target.of("worker", "staging"));
        assertThat(decision.ignoredReason()).contains("4 more ref update(s) for targets this push already deploys");
    }

    @Test
    void route_pushWithMoreUpdatesThanTheCap_looksAtTheFirstOnes_andSaysHowManyItLeft() {
        List<RefUpdate> updates = new java.util.ArrayList<>();
        for (int i = 0; i < PushRouter.MAX_REF_UPDATES + 50; i++) {
            updates.add(RefUpdate.of(RefUpdate.Kind.BRANCH, "feature/" + i, SHA, false));
        }
        updates.add(RefUpdate.of(RefUpdate.Kind.BRANCH, "main", SHA, false));

        RoutingDecision decision = router.route(new HostEvent.Push("push", updates, "octocat", "octo/my-api"));

        assertThat(decision.deploysNothing()).isTrue();
        assertThat(decision.ignored()).hasSize(PushRouter.MAX_REF_UPDATES + 1);
        assertThat(decision.ignored().getLast()).isEqualTo("51 ref update(s) after the first 100 were not considered");
    }
}
