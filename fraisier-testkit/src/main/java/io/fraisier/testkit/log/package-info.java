/** Log lines that carry secrets, and the assertion that a logging set-up masked them. */
@NullMarked
package io.fraisier.testkit.log;

import org.jspecify.annotations.NullMarked;
