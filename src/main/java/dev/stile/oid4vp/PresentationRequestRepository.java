package dev.stile.oid4vp;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PresentationRequestRepository extends JpaRepository<PresentationRequest, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r from PresentationRequest r where r.id = :id")
	Optional<PresentationRequest> lockById(@Param("id") String id);

	/**
	 * Marks the requests past their expiry and unanswered as expired, dropping their
	 * keys.
	 */
	@Modifying
	@Query("""
			update PresentationRequest r set r.status = dev.stile.oid4vp.PresentationRequest.Status.EXPIRED,
			r.encryptionKey = null, r.version = r.version + 1
			where r.status = dev.stile.oid4vp.PresentationRequest.Status.PENDING and r.answeredAt is null
			and r.expiresAt <= :now """)
	int expireUnanswered(@Param("now") Instant now);

}
