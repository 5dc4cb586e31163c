/**
 * Fraisier's test kit: the contracts every {@code FraisierStore} and {@code DeploymentProvider} must
 * pass, in-memory fakes of the ports, a manual clock, and database and git fixtures. Depend on it in
 * test scope.
 */
@NullMarked
package io.fraisier.testkit;

import org.jspecify.annotations.NullMarked;
