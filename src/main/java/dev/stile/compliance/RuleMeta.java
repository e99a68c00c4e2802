package dev.stile.compliance;

import org.jspecify.annotations.Nullable;

/**
 * The dataset's {@code meta.yaml}: its version, stamped on every ruling as
 * {@code rule_version}.
 */
record RuleMeta(@Nullable String version, @Nullable String reviewed, @Nullable String note) {

}
