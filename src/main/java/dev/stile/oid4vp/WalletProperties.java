package dev.stile.oid4vp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The verifier's identity towards wallets and the lifetime of its OpenID4VP requests.
 *
 * @param publicUrl the base of every URL a wallet is given ({@code STILE_PUBLIC_URL}),
 * e.g. {@code https://stile.example.com}, without a trailing slash
 * @param verifierCertificate a PEM file with the certificate chain that signs requests,
 * leaf first and without its trust anchor ({@code STILE_VERIFIER_CERTIFICATE}); empty:
 * test mode signs with a generated self-signed certificate and live sessions do not offer
 * the wallet methods
 * @param verifierKey a PEM file with the leaf's private key, PKCS#8 or SEC1
 * ({@code STILE_VERIFIER_KEY})
 * @param clientIdPrefix {@code x509_hash} (HAIP 1.0) or {@code x509_san_dns} for wallets
 * that need it; the latter requires the public URL's host among the certificate's DNS
 * names
 * @param requestLifetime how long a wallet may answer one request
 */
@ConfigurationProperties("stile.wallet")
record WalletProperties(@DefaultValue("http://localhost:3000") String publicUrl,
		@DefaultValue("") String verifierCertificate, @DefaultValue("") String verifierKey,
		@DefaultValue("x509_hash") String clientIdPrefix, @DefaultValue("5m") Duration requestLifetime) {

	WalletProperties {
		while (publicUrl.endsWith("/")) {
			publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
		}
	}

}
