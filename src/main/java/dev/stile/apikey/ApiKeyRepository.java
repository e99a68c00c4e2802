package dev.stile.apikey;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

	Optional<ApiKey> findBySecretHash(byte[] secretHash);

	Optional<ApiKey> findByIdAndOrganizationId(String id, String organizationId);

	List<ApiKey> findByOrganizationIdOrderByCreatedAtDescIdDesc(String organizationId);

}
