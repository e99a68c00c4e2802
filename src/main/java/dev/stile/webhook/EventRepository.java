package dev.stile.webhook;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface EventRepository extends JpaRepository<Event, String>, JpaSpecificationExecutor<Event> {

	Optional<Event> findByIdAndOrganizationIdAndLivemode(String id, String organizationId, boolean livemode);

}
