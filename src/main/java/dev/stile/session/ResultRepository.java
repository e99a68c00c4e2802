package dev.stile.session;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ResultRepository extends JpaRepository<VerificationResult, String> {

	List<VerificationResult> findBySessionIdOrderByCreatedAtAscIdAsc(String sessionId);

}
