package dev.stile.apikey;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface OrganizationRepository extends JpaRepository<Organization, String> {

	Optional<Organization> findFirstByOrderByCreatedAtAscIdAsc();

}
