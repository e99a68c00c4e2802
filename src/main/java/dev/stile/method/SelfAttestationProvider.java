package dev.stile.method;

import java.time.LocalDate;
import java.time.Period;

import org.springframework.stereotype.Component;

/**
 * The user declares their birth date. The lowest assurance there is: offered only where
 * the jurisdiction's rules accept self-declaration. The date is used to compute an age
 * and then dropped.
 */
@Component
class SelfAttestationProvider implements MethodProvider {

	@Override
	public VerificationMethod method() {
		return VerificationMethod.SELF_ATTESTATION;
	}

	@Override
	public String name() {
		return "stile_self_attestation";
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		LocalDate today = context.today();
		LocalDate birthDate = input.birthDate("birth_date", today);
		if (!Boolean.TRUE.equals(input.fields().get("confirm"))) {
			throw new InvalidAttemptException("confirm", "confirm must be true: the user confirms the declaration.");
		}
		int age = Period.between(birthDate, today).getYears();
		return new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, 0.1, age, false, false, name(), null, null, null);
	}

}
