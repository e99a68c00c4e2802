package dev.stile.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SessionRepository extends JpaRepository<VerificationSession, String> {

	Optional<VerificationSession> findByIdAndOrganizationIdAndLivemode(String id, String organizationId,
			boolean livemode);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from VerificationSession s where s.id = :id and s.organizationId = :organizationId and s.livemode = :livemode")
	Optional<VerificationSession> findForUpdate(@Param("id") String id, @Param("organizationId") String organizationId,
			@Param("livemode") boolean livemode);

	@Query("select s.organizationId from VerificationSession s where s.id = :id")
	Optional<String> findOrganizationIdById(@Param("id") String id);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from VerificationSession s where s.id = :id")
	Optional<VerificationSession> lockById(@Param("id") String id);

	// SKIP LOCKED lets several server instances sweep at once without waiting on each
	// other.
	@Query(value = """
			SELECT * FROM verification_session
			WHERE status IN ('CREATED', 'PENDING', 'PROCESSING', 'REQUIRES_INPUT') AND expires_at <= :now
			ORDER BY expires_at
			LIMIT :limit
			FOR UPDATE SKIP LOCKED
			""", nativeQuery = true)
	List<VerificationSession> lockDueForExpiry(@Param("now") Instant now, @Param("limit") int limit);

}
