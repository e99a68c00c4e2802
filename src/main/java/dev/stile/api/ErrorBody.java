package dev.stile.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The error envelope every failed request answers with.
 */
public record ErrorBody(Detail error) {

	/**
	 * What went wrong; {@code param} names the offending parameter when there is one.
	 */
	@Schema(name = "ErrorDetail")
	public record Detail(String type, String code, String message,
			@JsonInclude(JsonInclude.Include.ALWAYS) String param, String requestId) {
	}

	static ErrorBody of(ApiException exception, String requestId) {
		return new ErrorBody(new Detail(exception.type().apiName(), exception.code(), exception.getMessage(),
				exception.param(), requestId));
	}

}
