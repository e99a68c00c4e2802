package dev.stile.method;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which methods this deployment can run.
 *
 * @param live the methods that may run in live mode: those with a real implementation or
 * a configured provider. Test mode simulates every method.
 */
@ConfigurationProperties("stile.methods")
record MethodProperties(@DefaultValue List<String> live) {

	MethodProperties {
		for (String name : live) {
			if (!name.isBlank() && VerificationMethod.fromApiName(name.trim()).isEmpty()) {
				throw new IllegalArgumentException("stile.methods.live names an unknown method: " + name);
			}
		}
	}

	Set<VerificationMethod> liveMethods() {
		Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
		this.live.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.forEach((name) -> methods.add(VerificationMethod.fromApiName(name).orElseThrow()));
		return methods;
	}

}
