package dev.stile.method;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Filters a requested or default method waterfall, in order, by the jurisdiction, by the
 * use case's allowed methods and by what this deployment can run in the session's mode.
 */
@Component
public class Waterfall {

	// Asked at every plan: trust anchors can be reloaded, which makes credential methods
	// come and go.
	private final Supplier<Set<VerificationMethod>> liveMethods;

	private final Function<VerificationMethod, Optional<String>> unavailableReasons;

	@Autowired
	Waterfall(Providers providers) {
		this.liveMethods = providers::liveMethods;
		this.unavailableReasons = providers::unavailableReason;
	}

	Waterfall(Set<VerificationMethod> liveMethods) {
		Set<VerificationMethod> fixed = Set.copyOf(liveMethods);
		this.liveMethods = () -> fixed;
		this.unavailableReasons = (method) -> Optional.empty();
	}

	/**
	 * The methods left of {@code requested}.
	 * @param requested the waterfall asked for, in order
	 * @param jurisdiction where the user is, or {@code null} when unknown (no
	 * jurisdiction filter)
	 * @param allowed the methods the use case's rules allow, or {@code null} when there
	 * is no use case
	 * @param livemode whether the session is live
	 */
	public MethodPlan plan(List<VerificationMethod> requested, JurisdictionFacts jurisdiction,
			Collection<VerificationMethod> allowed, boolean livemode) {
		Set<VerificationMethod> live = this.liveMethods.get();
		List<VerificationMethod> kept = new ArrayList<>();
		List<String> dropped = new ArrayList<>();
		for (VerificationMethod method : requested) {
			String reason = reasonToDrop(method, jurisdiction, allowed, livemode, live);
			if (reason == null) {
				kept.add(method);
			}
			else {
				dropped.add(reason);
			}
		}
		return new MethodPlan(kept, dropped);
	}

	private String reasonToDrop(VerificationMethod method, JurisdictionFacts jurisdiction,
			Collection<VerificationMethod> allowed, boolean livemode, Set<VerificationMethod> live) {
		if (jurisdiction != null) {
			if (method == VerificationMethod.MDL && !jurisdiction.mdlLegallyRecognized()) {
				return "mdl: mobile driver's licences are not legally recognised in " + jurisdiction.code();
			}
			if (method == VerificationMethod.EUDI_PID && !jurisdiction.euEea()) {
				return "eudi_pid: EU digital identity is only offered in the EU/EEA, not in " + jurisdiction.code();
			}
		}
		if (allowed != null && !allowed.contains(method)) {
			return method.apiName() + ": not allowed by the rules of this use case";
		}
		if (livemode && !live.contains(method)) {
			return method.apiName() + ": " + this.unavailableReasons.apply(method)
				.orElse("not available in live mode on this deployment" + requirement(method));
		}
		return null;
	}

	// The methods this server runs itself once configured: the reason says what is
	// missing.
	private static String requirement(VerificationMethod method) {
		return switch (method) {
			case STUDENT -> " (it needs a mail server: spring.mail.host)";
			case PARENTAL_CONSENT -> " (it needs a mail server, spring.mail.host, and stile.consent.base-url)";
			default -> "";
		};
	}

	/**
	 * What the waterfall needs to know of a jurisdiction.
	 */
	public record JurisdictionFacts(String code, boolean mdlLegallyRecognized, boolean euEea) {
	}

}
