package dev.stile.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which addresses a webhook may reach: public ones always, loopback and private networks
 * in test mode only and only where the deployment allows it, nothing link-local, shared
 * or reserved.
 */
class TargetAddressesTests {

	@ParameterizedTest
	@ValueSource(strings = { "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1",
			"198.18.0.1", "fe80::1", "::", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:a00:1::", "2001:db8::1",
			"ff02::1" })
	void refusesLinkLocalSharedAndReservedAddressesInEveryMode(String literal) throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);

		assertThat(TargetAddresses.allowed(address, true, true)).isFalse();
		assertThat(TargetAddresses.allowed(address, false, true)).isFalse();
		assertThat(TargetAddresses.allowed(address, false, false)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.5.5.5", "::1", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			"fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1" })
	void allowsLoopbackAndPrivateAddressesInTestModeOnlyAndOnlyWhereAllowed(String literal)
			throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);

		assertThat(TargetAddresses.allowed(address, true, true)).isFalse();
		assertThat(TargetAddresses.allowed(address, false, true)).isTrue();
		assertThat(TargetAddresses.allowed(address, false, false)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8" })
	void allowsPublicAddresses(String literal) throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);

		assertThat(TargetAddresses.allowed(address, true, false)).isTrue();
		assertThat(TargetAddresses.allowed(address, false, false)).isTrue();
	}

}
