/** The operating system's view of processes, for tests that kill them. */
@NullMarked
package io.fraisier.testkit.os;

import org.jspecify.annotations.NullMarked;
