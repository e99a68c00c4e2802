package dev.stile.ops;

import java.io.IOException;

import dev.stile.api.HttpProperties;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Keeps the address of the direct peer in a request attribute before forwarded headers
 * replace the remote address with the client's: geo headers are believed only from a
 * trusted peer.
 */
class PeerAddressValve extends ValveBase {

	PeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(HttpProperties.PEER_ADDRESS_ATTRIBUTE, request.getRemoteAddr());
		getNext().invoke(request, response);
	}

}
