package dev.stile.api;

import java.util.List;

/**
 * The list envelope: {@code {"object":"list","url","has_more","data":[...]}}.
 */
public record ListResponse<T>(String object, String url, boolean hasMore, List<T> data) {

	public ListResponse(String url, boolean hasMore, List<T> data) {
		this("list", url, hasMore, List.copyOf(data));
	}

}
