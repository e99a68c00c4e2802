package dev.stile.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import dev.stile.api.Keyset;

import org.springframework.stereotype.Component;

/**
 * Reads one page of an organization's sessions in keyset order. The query is JPQL
 * assembled from a fixed set of fragments, so that there are only a dozen distinct
 * strings and Hibernate translates each once and reuses the plan; a Criteria query would
 * be translated again on every request.
 */
@Component
class SessionPages {

	private final EntityManager entityManager;

	SessionPages(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	/**
	 * The sessions after the cursor, newest first; or before it, oldest first, when
	 * {@code backwards}.
	 * @param cursor the session the page starts after, or {@code null} for the first page
	 * @param limit the most rows to read
	 */
	List<VerificationSession> read(String organizationId, boolean livemode, Optional<SessionStatus> status, Instant now,
			VerificationSession cursor, boolean backwards, int limit) {
		StringBuilder jpql = new StringBuilder(
				"select s from VerificationSession s where s.organizationId = :organizationId and s.livemode = :livemode");
		boolean usesNow = false;
		if (status.isPresent()) {
			SessionStatus wanted = status.get();
			// Match what clients see: an open session past its expiry is listed as
			// expired.
			if (wanted == SessionStatus.EXPIRED) {
				jpql.append(" and (s.status = :status or (s.status in :open and s.expiresAt <= :now))");
				usesNow = true;
			}
			else if (!wanted.isTerminal()) {
				jpql.append(" and s.status = :status and s.expiresAt > :now");
				usesNow = true;
			}
			else {
				jpql.append(" and s.status = :status");
			}
		}
		if (cursor != null) {
			jpql.append(" and ").append(Keyset.beyondJpql("s", backwards));
		}
		jpql.append(Keyset.orderByJpql("s", backwards));

		TypedQuery<VerificationSession> query = this.entityManager.createQuery(jpql.toString(),
				VerificationSession.class);
		query.setParameter("organizationId", organizationId);
		query.setParameter("livemode", livemode);
		status.ifPresent((wanted) -> query.setParameter("status", wanted));
		if (status.filter((wanted) -> wanted == SessionStatus.EXPIRED).isPresent()) {
			query.setParameter("open", SessionStatus.open());
		}
		if (usesNow) {
			query.setParameter("now", now);
		}
		if (cursor != null) {
			query.setParameter("cursorCreatedAt", cursor.createdAt());
			query.setParameter("cursorId", cursor.id());
		}
		return query.setMaxResults(limit).getResultList();
	}

}
