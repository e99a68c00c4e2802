package dev.stile.session;

import java.util.List;

import dev.stile.method.VerificationMethod;

import org.springframework.data.jpa.repository.JpaRepository;

interface ResultRepository extends JpaRepository<VerificationResult, String> {

	List<VerificationResult> findBySessionIdOrderByCreatedAtAscIdAsc(String sessionId);

	long countBySessionId(String sessionId);

	long countBySessionIdAndMethod(String sessionId, VerificationMethod method);

}
