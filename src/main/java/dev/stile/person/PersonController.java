package dev.stile.person;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.stile.api.ApiException;
import dev.stile.api.ListParameters;
import dev.stile.api.ListResponse;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.method.VerificationMethod;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-to-server access to verified persons: lookup, erasure, the organization's reuse
 * settings and the record of reuses it accepted.
 */
@Tag(name = "Verified persons")
@RestController
class PersonController {

	private static final Pattern MAX_AGE = Pattern.compile("([1-9][0-9]{0,3})d?");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private final VerifiedPersonService persons;

	private final PersonAdministration administration;

	private final Clock clock;

	PersonController(VerifiedPersonService persons, PersonAdministration administration, Clock clock) {
		this.persons = persons;
		this.administration = administration;
		this.clock = clock;
	}

	@Operation(operationId = "lookupVerifiedPerson", summary = "Whether an email or phone belongs to a verified person")
	@PostMapping("/v1/verified_person/lookup")
	LookupResponse lookup(@AuthenticationPrincipal ApiKeyPrincipal caller, @RequestBody LookupRequest request) {
		if (request.email() == null && request.phone() == null) {
			throw ApiException.missing("email");
		}
		if (request.email() != null && (request.email().length() > 254 || !EMAIL.matcher(request.email()).matches())) {
			throw ApiException.invalid("email", "email must be a valid email address.");
		}
		if (request.phone() != null) {
			Anchors.e164(request.phone());
		}
		VerificationMethod minStrength = (request.minStrength() != null)
				? VerificationMethod.fromApiName(request.minStrength())
					.orElseThrow(() -> ApiException.invalid("min_strength", "min_strength must be a method name."))
				: null;
		Integer maxAgeDays = null;
		if (request.maxAge() != null) {
			var matcher = MAX_AGE.matcher(request.maxAge());
			if (!matcher.matches()) {
				throw ApiException.invalid("max_age", "max_age must be a number of days such as \"30\" or \"30d\".");
			}
			maxAgeDays = Integer.valueOf(matcher.group(1));
		}
		Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
		if (request.methods() != null) {
			for (int i = 0; i < request.methods().size(); i++) {
				String name = request.methods().get(i);
				String param = "methods[" + i + "]";
				methods.add(VerificationMethod.fromApiName((name != null) ? name : "")
					.orElseThrow(() -> ApiException.invalid(param, param + " must be a method name.")));
			}
		}
		return this.administration.lookup(caller, request.email(), request.phone(), minStrength, maxAgeDays, methods,
				this.clock.instant());
	}

	@Operation(operationId = "deleteVerifiedPerson", summary = "Erase a verified person and what identifies them")
	@DeleteMapping("/v1/verified_persons/{id}")
	DeletedPerson erase(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@Parameter(description = "organization (the default): what this organization holds; global: every "
					+ "organization's records of the email or phone the customer proved to this organization with a "
					+ "one-time code within the last hour") @RequestParam(required = false) String scope) {
		boolean global = "global".equals(scope);
		if (scope != null && !global && !"organization".equals(scope)) {
			throw ApiException.invalid("scope", "scope must be organization or global.");
		}
		this.administration.erase(caller, id, global, this.clock.instant());
		return new DeletedPerson(id, "verified_person", true);
	}

	@Operation(operationId = "retrieveReuseSettings", summary = "Retrieve the organization's reuse settings")
	@GetMapping("/v1/reuse_settings")
	SettingsView settings(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return SettingsView.of(this.persons.settings(caller.organizationId()));
	}

	@Operation(operationId = "updateReuseSettings", summary = "Update the organization's reuse settings")
	@PostMapping("/v1/reuse_settings")
	SettingsView updateSettings(@AuthenticationPrincipal ApiKeyPrincipal caller, @RequestBody SettingsRequest request) {
		ReuseSettings current = this.persons.settings(caller.organizationId());
		int maxAge = (request.maxAgeDays() != null) ? request.maxAgeDays() : current.maxAgeDays();
		if (maxAge < 1 || maxAge > 3650) {
			throw ApiException.invalid("max_age_days", "max_age_days must be between 1 and 3650.");
		}
		List<VerificationMethod> accepted = current.acceptedMethods();
		if (request.acceptedMethods() != null) {
			accepted = request.acceptedMethods()
				.stream()
				.map((name) -> VerificationMethod.fromApiName((name != null) ? name : "")
					.orElseThrow(
							() -> ApiException.invalid("accepted_methods", "accepted_methods must be method names.")))
				.toList();
		}
		ReuseSettings updated = new ReuseSettings(
				(request.acceptReuse() != null) ? request.acceptReuse() : current.acceptReuse(), maxAge,
				(request.sameJurisdiction() != null) ? request.sameJurisdiction() : current.sameJurisdiction(),
				accepted);
		this.administration.saveSettings(caller.organizationId(), updated, this.clock.instant());
		return SettingsView.of(updated);
	}

	@Operation(operationId = "listCredentialReuses", summary = "List reuses of verified persons' credentials")
	@GetMapping("/v1/credential_reuses")
	ListResponse<PersonAdministration.ReuseView> reuses(@AuthenticationPrincipal ApiKeyPrincipal caller,
			@RequestParam(required = false) String limit) {
		ListParameters page = ListParameters.parse(limit, null, null);
		List<PersonAdministration.ReuseView> found = this.administration.reuses(caller, page.limit() + 1);
		return new ListResponse<>("/v1/credential_reuses", found.size() > page.limit(),
				found.subList(0, Math.min(found.size(), page.limit())));
	}

	record LookupRequest(String email, String phone, List<String> methods, String minStrength, String maxAge) {
	}

	record LookupResponse(String object, boolean verified, String verifiedPersonId,
			List<PersonAdministration.CredentialView> credentials) {
	}

	record DeletedPerson(String id, String object, boolean deleted) {
	}

	record SettingsRequest(Boolean acceptReuse, Integer maxAgeDays, Boolean sameJurisdiction,
			List<String> acceptedMethods) {
	}

	record SettingsView(String object, boolean acceptReuse, int maxAgeDays, boolean sameJurisdiction,
			@Schema(nullable = true,
					description = "The methods accepted; null accepts every method.") List<String> acceptedMethods) {

		static SettingsView of(ReuseSettings settings) {
			return new SettingsView("reuse_settings", settings.acceptReuse(), settings.maxAgeDays(),
					settings.sameJurisdiction(), (settings.acceptedMethods() != null)
							? settings.acceptedMethods().stream().map(VerificationMethod::apiName).toList() : null);
		}

	}

}
