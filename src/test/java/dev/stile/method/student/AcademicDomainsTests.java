package dev.stile.method.student;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AcademicDomainsTests {

	private final AcademicDomains registry = new AcademicDomains(
			new StudentProperties(new StudentProperties.Domains(List.of(), List.of(), null, null), 5,
					java.time.Duration.ofHours(1), "no-reply@stile.invalid"));

	@Test
	void theBundledRegistryKnowsUniversitiesByTheirDomainAndSubdomains() {
		assertThat(this.registry.size()).isGreaterThan(20_000);
		assertThat(this.registry.institution("mit.edu")).hasValue("Massachusetts Institute of Technology");
		assertThat(this.registry.institution("cs.mit.edu")).hasValue("Massachusetts Institute of Technology");
		assertThat(this.registry.institution("ox.ac.uk")).hasValue("University of Oxford");
	}

	@Test
	void mailProvidersAndBareSuffixesAreNotAcademic() {
		assertThat(this.registry.institution("gmail.com")).isEmpty();
		assertThat(this.registry.institution("edu")).isEmpty();
		assertThat(this.registry.institution("ac.uk")).isEmpty();
		assertThat(this.registry.institution("mit.edu.attacker.com")).isEmpty();
	}

	@Test
	void theOperatorAddsAndExcludesDomains() {
		AcademicDomains domains = new AcademicDomains(Map.of("mit.edu", "MIT", "ox.ac.uk", "Oxford"),
				List.of("school.example=Example School", "academy.example"), List.of("alumni.mit.edu", "ox.ac.uk"));

		assertThat(domains.institution("pupils.school.example")).hasValue("Example School");
		assertThat(domains.institution("academy.example")).hasValue("academy.example");
		assertThat(domains.institution("mit.edu")).hasValue("MIT");
		assertThat(domains.institution("alumni.mit.edu")).isEmpty();
		assertThat(domains.institution("old.alumni.mit.edu")).isEmpty();
		assertThat(domains.institution("ox.ac.uk")).isEmpty();
	}

	@Test
	void aSettingThatIsNoDomainStopsTheServer() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new AcademicDomains(Map.of(), List.of("not a domain"), List.of()));
	}

}
