package dev.stile.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Which network addresses a webhook may be sent to. Live endpoints reach only public
 * addresses, so that no merchant can make the server call into its own network (SSRF).
 * Test endpoints may also reach loopback and private networks where the deployment allows
 * it ({@code stile.webhooks.test-private-targets}), for a receiver on the developer's
 * machine or network; never link-local (cloud metadata), multicast or reserved space.
 */
final class TargetAddresses {

	private TargetAddresses() {
	}

	/**
	 * Whether a delivery in this mode may connect to {@code address}.
	 * @param testPrivateTargets whether test mode may reach loopback and private
	 * addresses
	 */
	static boolean allowed(InetAddress address, boolean livemode, boolean testPrivateTargets) {
		if (isPublic(address)) {
			return true;
		}
		return !livemode && testPrivateTargets && isLoopbackOrPrivate(address);
	}

	/**
	 * Whether {@code address} is loopback or in a private network: 10/8, 172.16/12,
	 * 192.168/16 or IPv6 unique local fc00::/7 (IPv4-mapped forms included).
	 */
	static boolean isLoopbackOrPrivate(InetAddress address) {
		byte[] b = address.getAddress();
		if (address instanceof Inet6Address && isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
			try {
				return isLoopbackOrPrivate(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
			}
			catch (java.net.UnknownHostException ex) {
				return false;
			}
		}
		if (address.isLoopbackAddress() || address.isSiteLocalAddress()) {
			return true;
		}
		return address instanceof Inet6Address && ((b[0] & 0xfe) == 0xfc);
	}

	/** Whether {@code host} names this machine, as written in a URL. */
	static boolean isLocalhostName(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		if (h.endsWith(".")) {
			h = h.substring(0, h.length() - 1);
		}
		return h.equals("localhost") || h.endsWith(".localhost") || h.equals("127.0.0.1") || h.equals("[::1]")
				|| h.equals("::1");
	}

	/**
	 * Whether {@code address} is on the public internet: not loopback, private,
	 * link-local (where cloud metadata services live), shared, multicast, reserved or
	 * documentation space.
	 */
	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			return isPublicV4(b);
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return false; // fc00::/7 unique local
			}
			if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
				return false; // 2001:db8::/32 documentation
			}
			if (first == 0x20 && second == 0x02) {
				// 2002::/16 6to4 carries an IPv4 address that would be reached in the
				// end.
				return isPublicV4(new byte[] { b[2], b[3], b[4], b[5] });
			}
			if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
				return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] }); // IPv4-mapped
			}
			if (isZero(b, 0, 12)) {
				return false; // ::/96, IPv4-compatible and unspecified
			}
			if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12)) {
				return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] }); // 64:ff9b::/96
																				// NAT64
			}
			return (first & 0xe0) == 0x20; // only 2000::/3 is global unicast
		}
		return false;
	}

	private static boolean isPublicV4(byte[] b) {
		int a = b[0] & 0xff;
		int c = b[1] & 0xff;
		int d = b[2] & 0xff;
		return !(a == 0 || a == 10 || a == 127 || a >= 224 // this network, private,
															// loopback, multicast,
															// reserved
				|| (a == 100 && c >= 64 && c <= 127) // shared address space (carrier NAT)
				|| (a == 169 && c == 254) // link-local, cloud metadata
				|| (a == 172 && c >= 16 && c <= 31) // private
				|| (a == 192 && c == 0 && d == 0) // IETF protocol assignments
				|| (a == 192 && c == 0 && d == 2) // documentation
				|| (a == 192 && c == 88 && d == 99) // 6to4 relay anycast
				|| (a == 192 && c == 168) // private
				|| (a == 198 && (c == 18 || c == 19)) // benchmarking
				|| (a == 198 && c == 51 && d == 100) // documentation
				|| (a == 203 && c == 0 && d == 113)); // documentation
	}

	private static boolean isZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
