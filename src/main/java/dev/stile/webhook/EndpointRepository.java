package dev.stile.webhook;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EndpointRepository extends JpaRepository<WebhookEndpoint, String>, JpaSpecificationExecutor<WebhookEndpoint> {

	Optional<WebhookEndpoint> findByIdAndOrganizationIdAndLivemode(String id, String organizationId, boolean livemode);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select e from WebhookEndpoint e where e.id = :id and e.organizationId = :organizationId and e.livemode = :livemode")
	Optional<WebhookEndpoint> findForUpdate(@Param("id") String id, @Param("organizationId") String organizationId,
			@Param("livemode") boolean livemode);

	long countByOrganizationIdAndLivemode(String organizationId, boolean livemode);

	boolean existsByOrganizationIdAndLivemodeAndStatus(String organizationId, boolean livemode,
			WebhookEndpoint.Status status);

}
