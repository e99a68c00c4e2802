package dev.stile.method.consent;

import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptInput;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.InvalidAttemptException;
import dev.stile.method.MethodProvider;
import dev.stile.method.VerificationMethod;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Makes {@code parental_consent} a method this server runs, once it can mail a link to a
 * page of its own. Its outcome comes from the parent's decision, never from an attempt of
 * the minor's.
 */
@Component
@ConditionalOnExpression("'${spring.mail.host:}' != '' and '${stile.consent.base-url:}' != ''")
class ConsentProvider implements MethodProvider {

	@Override
	public VerificationMethod method() {
		return VerificationMethod.PARENTAL_CONSENT;
	}

	@Override
	public String name() {
		return "stile_parental_consent";
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		throw new InvalidAttemptException("method",
				"parental_consent is decided by the parent: ask for it with POST /v1/client/session/parental_consent/request.");
	}

}
