package dev.stile.oid4vp;

import java.time.Clock;

import dev.stile.api.ServerSecret;
import dev.stile.method.credential.WalletReadiness;
import dev.stile.session.ClientFlow;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The verifier's identity, read (or, in test mode, generated) at start, and the OpenID4VP
 * requests signed with it.
 */
@Configuration(proxyBeanMethods = false)
class WalletConfiguration {

	@Bean
	VerifierIdentity verifierIdentity(WalletProperties properties, JdbcClient jdbc, ServerSecret secret, Clock clock) {
		return VerifierIdentities.load(properties, jdbc, secret, clock);
	}

	@Bean
	WalletReadiness walletReadiness(VerifierIdentity identity) {
		String reason = identity.configured() ? null
				: "no verifier certificate is configured to sign wallet requests (STILE_VERIFIER_CERTIFICATE)";
		return () -> reason;
	}

	@Bean
	PresentationRequests presentationRequests(PresentationRequestRepository requests, ClientFlow flow,
			VerifierIdentity identity, WalletProperties properties, ServerSecret secret, Clock clock,
			PlatformTransactionManager transactions) {
		return new PresentationRequests(requests, flow, identity, properties, secret, clock,
				new TransactionTemplate(transactions));
	}

}
