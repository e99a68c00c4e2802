package dev.stile.api;

import java.time.Instant;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;

import org.springframework.data.domain.Sort;

/**
 * Cursor pagination over {@code (createdAt, id)}, newest first: the predicate for the
 * rows past a cursor object and the sorts to read them in. Ids are time-ordered, so the
 * pair is a total order.
 */
public final class Keyset {

	/** The list order: newest first. */
	public static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

	/**
	 * The read order of a page before a cursor ({@code ending_before}), reversed
	 * afterwards.
	 */
	public static final Sort OLDEST_FIRST = Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("id"));

	private Keyset() {
	}

	/**
	 * Rows older than the cursor (or newer, when paging {@code backwards} from
	 * {@code ending_before}).
	 */
	public static Predicate beyond(CriteriaBuilder cb, Path<Instant> createdAt, Path<String> id,
			Instant cursorCreatedAt, String cursorId, boolean backwards) {
		if (backwards) {
			return cb.or(cb.greaterThan(createdAt, cursorCreatedAt),
					cb.and(cb.equal(createdAt, cursorCreatedAt), cb.greaterThan(id, cursorId)));
		}
		return cb.or(cb.lessThan(createdAt, cursorCreatedAt),
				cb.and(cb.equal(createdAt, cursorCreatedAt), cb.lessThan(id, cursorId)));
	}

	/**
	 * {@link #beyond} as a JPQL condition on {@code alias}, with the cursor in the
	 * parameters {@code :cursorCreatedAt} and {@code :cursorId}.
	 */
	public static String beyondJpql(String alias, boolean backwards) {
		String after = backwards ? " > " : " < ";
		return "(" + alias + ".createdAt" + after + ":cursorCreatedAt or (" + alias
				+ ".createdAt = :cursorCreatedAt and " + alias + ".id" + after + ":cursorId))";
	}

	/** {@link #NEWEST_FIRST} or {@link #OLDEST_FIRST} as a JPQL order by clause. */
	public static String orderByJpql(String alias, boolean backwards) {
		String direction = backwards ? " asc" : " desc";
		return " order by " + alias + ".createdAt" + direction + ", " + alias + ".id" + direction;
	}

}
