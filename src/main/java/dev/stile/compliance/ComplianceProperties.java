package dev.stile.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Compliance settings of a deployment.
 *
 * @param overridesDir a directory of the operator's own rule files, read at start after
 * the shipped ones: a rule there replaces the shipped rule for its jurisdiction and use
 * case (answers say {@code source: operator}); empty for none
 */
@ConfigurationProperties("stile.compliance")
record ComplianceProperties(@DefaultValue("") String overridesDir) {

}
