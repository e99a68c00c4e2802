package dev.stile.method.credential;

import org.jspecify.annotations.Nullable;

/**
 * Whether wallets can be asked for a presentation in live mode: the wallet protocol says
 * so, and the credential methods are offered live only then.
 */
public interface WalletReadiness {

	/**
	 * Why live sessions cannot send wallets a request, for {@code no_methods_available};
	 * {@code null} when they can.
	 */
	@Nullable String liveUnavailableReason();

}
