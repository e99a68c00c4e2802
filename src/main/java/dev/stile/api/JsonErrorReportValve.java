package dev.stile.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * The servlet container's own error page, for requests it refuses before the application
 * sees them (an undecodable path, an oversized header, a malformed request line): the
 * API's JSON envelope instead of HTML.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String requestId = (request.getAttribute(RequestIds.ATTRIBUTE) instanceof String id) ? id : Ids.newId("req");
		String code = (status < 500) ? "request_invalid" : "internal_error";
		String message = "The request could not be understood (" + status + ").";
		if (status == 501) {
			// The container's answer to a method it does not implement, such as CONNECT.
			status = 405;
			response.setStatus(status);
			code = "method_not_allowed";
			message = "The " + request.getMethod() + " method is not allowed on this server.";
		}
		boolean client = status < 500;
		String body = "{\"error\":{\"type\":\"" + (client ? "invalid_request_error" : "api_error") + "\",\"code\":\""
				+ code + "\",\"message\":\"" + message + "\",\"param\":null,\"request_id\":\"" + requestId + "\"}}";
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader(RequestIds.HEADER, requestId);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone; nothing more to say.
		}
	}

}
