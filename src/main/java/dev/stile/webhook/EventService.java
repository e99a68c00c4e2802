package dev.stile.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import dev.stile.api.ApiException;
import dev.stile.api.ListParameters;
import dev.stile.apikey.ApiKeyPrincipal;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the event log, always within the calling key's organization and mode.
 */
@Service
class EventService {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("seq"));

	private static final Sort OLDEST_FIRST = Sort.by(Sort.Order.asc("seq"));

	private final EventRepository events;

	EventService(EventRepository events) {
		this.events = events;
	}

	@Transactional(readOnly = true)
	EventView retrieve(ApiKeyPrincipal caller, String id) {
		return EventView.of(find(caller, id));
	}

	/** The event, or a 404 if the caller may not see it. */
	@Transactional(readOnly = true)
	Event find(ApiKeyPrincipal caller, String id) {
		return this.events.findByIdAndOrganizationIdAndLivemode(id, caller.organizationId(), caller.livemode())
			.orElseThrow(() -> ApiException.notFound("event", id, "id"));
	}

	@Transactional(readOnly = true)
	Page list(ApiKeyPrincipal caller, ListParameters page, Filter filter) {
		Event cursor = null;
		if (page.cursor() != null) {
			cursor = this.events
				.findByIdAndOrganizationIdAndLivemode(page.cursor(), caller.organizationId(), caller.livemode())
				.orElseThrow(() -> ApiException.invalid(page.cursorParam(), "No such event: '" + page.cursor() + "'"));
		}
		Specification<Event> query = query(caller, filter, cursor, page.backwards());
		List<Event> found = this.events.findBy(query,
				(q) -> q.sortBy(page.backwards() ? OLDEST_FIRST : NEWEST_FIRST).limit(page.limit() + 1).all());
		boolean hasMore = found.size() > page.limit();
		List<Event> shown = new ArrayList<>(found.subList(0, Math.min(found.size(), page.limit())));
		if (page.backwards()) {
			Collections.reverse(shown);
		}
		return new Page(shown.stream().map(EventView::of).toList(), hasMore);
	}

	private static Specification<Event> query(ApiKeyPrincipal caller, Filter filter, Event cursor, boolean backwards) {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			where.add(cb.equal(root.get("organizationId"), caller.organizationId()));
			where.add(cb.equal(root.get("livemode"), caller.livemode()));
			if (filter.type() != null) {
				where.add(cb.equal(root.get("type"), filter.type()));
			}
			if (filter.sessionId() != null) {
				where.add(cb.equal(root.get("sessionId"), filter.sessionId()));
			}
			if (filter.createdFrom() != null) {
				where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), filter.createdFrom()));
			}
			if (filter.createdBefore() != null) {
				where.add(cb.lessThan(root.get("createdAt"), filter.createdBefore()));
			}
			if (cursor != null) {
				where.add(backwards ? cb.greaterThan(root.get("seq"), cursor.seq())
						: cb.lessThan(root.get("seq"), cursor.seq()));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

	/**
	 * What the list is narrowed to; {@code null} means any.
	 *
	 * @param createdFrom the earliest creation time, inclusive
	 * @param createdBefore the latest creation time, exclusive
	 */
	record Filter(String type, String sessionId, Instant createdFrom, Instant createdBefore) {
	}

	/** One page of the list, newest first. */
	record Page(List<EventView> data, boolean hasMore) {
	}

}
