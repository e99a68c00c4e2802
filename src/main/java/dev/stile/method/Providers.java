package dev.stile.method;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which provider runs a method. Live mode runs real implementations only; test mode runs
 * the simulator when the attempt carries test inputs (or the method has no real
 * implementation), and the real implementation otherwise, so real inputs can be tried
 * without consequences.
 */
@Component
public class Providers {

	private final Map<VerificationMethod, MethodProvider> real = new EnumMap<>(VerificationMethod.class);

	private final Map<VerificationMethod, MethodProvider> simulated = new EnumMap<>(VerificationMethod.class);

	Providers(List<MethodProvider> providers) {
		for (MethodProvider provider : providers) {
			if (this.real.put(provider.method(), provider) != null) {
				throw new IllegalStateException("Two providers for " + provider.method().apiName());
			}
		}
		for (VerificationMethod method : VerificationMethod.values()) {
			this.simulated.put(method, new SimulatedProvider(method));
		}
	}

	/**
	 * The provider for an attempt, or empty when this deployment cannot run the method
	 * live.
	 */
	public Optional<MethodProvider> forAttempt(VerificationMethod method, boolean livemode, AttemptInput input) {
		if (livemode) {
			return Optional.ofNullable(this.real.get(method)).filter(MethodProvider::isAvailable);
		}
		boolean testInputs = SimulatedProvider.TEST_INPUTS.stream().anyMatch(input::has);
		if (testInputs || !this.real.containsKey(method)) {
			return Optional.of(this.simulated.get(method));
		}
		return Optional.of(this.real.get(method));
	}

	/**
	 * The methods that can run in live mode on this deployment now: those with a real
	 * implementation that is available (a credential method only while trust anchors of
	 * its kind are loaded).
	 */
	public Set<VerificationMethod> liveMethods() {
		Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
		this.real.forEach((method, provider) -> {
			if (provider.isAvailable()) {
				methods.add(method);
			}
		});
		return Collections.unmodifiableSet(methods);
	}

	/**
	 * Why {@code method} cannot run live on this deployment, when its provider says more
	 * than that it is unavailable.
	 */
	public Optional<String> unavailableReason(VerificationMethod method) {
		return Optional.ofNullable(this.real.get(method)).map(MethodProvider::unavailableReason);
	}

}
