package dev.stile.person;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.stile.method.VerificationMethod;

/**
 * What an organization accepts from other organizations' verifications. Off by default:
 * an organization relies on another's check only after deciding to.
 *
 * @param acceptedMethods {@code null} for every method
 */
record ReuseSettings(boolean acceptReuse, int maxAgeDays, boolean sameJurisdiction,
		List<VerificationMethod> acceptedMethods) {

	static final ReuseSettings DEFAULT = new ReuseSettings(false, 365, true, null);

	static ReuseSettings of(java.sql.ResultSet row) throws java.sql.SQLException {
		String methods = row.getString("accepted_methods");
		return new ReuseSettings(row.getBoolean("accept_reuse"), row.getInt("max_age_days"),
				row.getBoolean("same_jurisdiction"),
				(methods == null) ? null
						: Arrays.stream(methods.split(","))
							.filter((name) -> !name.isEmpty())
							.map((name) -> VerificationMethod.fromApiName(name).orElseThrow())
							.toList());
	}

	/**
	 * Whether another organization's credential may be relied on for a session in
	 * {@code jurisdiction}.
	 */
	boolean accepts(VerifiedPersonService.Credential credential, String jurisdiction, Instant now) {
		return this.acceptReuse && credential.shareable()
				&& !credential.verifiedAt().isBefore(now.minus(Duration.ofDays(this.maxAgeDays)))
				&& (!this.sameJurisdiction || jurisdiction == null
						|| Objects.equals(credential.jurisdiction(), jurisdiction))
				&& (this.acceptedMethods == null || this.acceptedMethods.contains(credential.method()));
	}

}
