/**
 * Compliance rules: which age tier, methods and checks the law requires for a use case in
 * a jurisdiction, read from the versioned rule files under {@code compliance/}.
 */
@NullMarked
package dev.stile.compliance;

import org.jspecify.annotations.NullMarked;
