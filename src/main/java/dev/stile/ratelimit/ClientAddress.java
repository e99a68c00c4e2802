package dev.stile.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client address a per-address limit counts: the request's remote address, which is
 * the forwarded client address behind a trusted proxy. An IPv6 client is counted by its
 * /64, since one host commonly holds a whole /64 and could otherwise rotate through it.
 */
final class ClientAddress {

	private ClientAddress() {
	}

	static String of(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null) {
			return "unknown";
		}
		if (address.indexOf(':') < 0) {
			return address;
		}
		try {
			// A literal address: no name is looked up.
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
		}
		catch (UnknownHostException | SecurityException ex) {
			return address;
		}
	}

}
