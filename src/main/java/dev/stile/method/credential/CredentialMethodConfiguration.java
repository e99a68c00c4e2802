package dev.stile.method.credential;

import dev.stile.api.ServerSecret;
import dev.stile.compliance.ComplianceRules;
import dev.stile.credential.MdocVerifier;
import dev.stile.credential.SdJwtVcVerifier;
import dev.stile.method.MethodProvider;
import dev.stile.method.VerificationMethod;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The three credential methods, each a provider over the same verifiers, trust anchors
 * and policy.
 */
@Configuration(proxyBeanMethods = false)
class CredentialMethodConfiguration {

	@Bean
	CredentialTypes credentialTypes() {
		return CredentialTypes.load();
	}

	@Bean
	CredentialPolicy credentialPolicy(ServerSecret secret) {
		// The same purpose as document capture's fingerprint: one document, one person.
		return new CredentialPolicy((document) -> secret.hash("document", document));
	}

	@Bean
	Verifiers credentialVerifiers() {
		return Verifiers.of(new MdocVerifier(), new SdJwtVcVerifier());
	}

	@Bean
	MethodProvider mdlProvider(CredentialTypes types, TrustAnchorStore anchors, CredentialPolicy policy,
			ComplianceRules rules, Verifiers verifiers, WalletReadiness wallet) {
		return new CredentialMethodProvider(VerificationMethod.MDL, types, anchors, policy, rules, verifiers, wallet);
	}

	@Bean
	MethodProvider midProvider(CredentialTypes types, TrustAnchorStore anchors, CredentialPolicy policy,
			ComplianceRules rules, Verifiers verifiers, WalletReadiness wallet) {
		return new CredentialMethodProvider(VerificationMethod.MID, types, anchors, policy, rules, verifiers, wallet);
	}

	@Bean
	MethodProvider eudiPidProvider(CredentialTypes types, TrustAnchorStore anchors, CredentialPolicy policy,
			ComplianceRules rules, Verifiers verifiers, WalletReadiness wallet) {
		return new CredentialMethodProvider(VerificationMethod.EUDI_PID, types, anchors, policy, rules, verifiers,
				wallet);
	}

}
