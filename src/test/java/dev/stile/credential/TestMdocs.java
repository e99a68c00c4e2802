package dev.stile.credential;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.authlete.cbor.CBORBoolean;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORString;
import com.authlete.cbor.CBORTaggedItem;

/**
 * Real mdoc presentations for tests outside this package, built by {@link MdocFixture}: a
 * wallet's {@code DeviceResponse} for the handover of the request it answers, issued
 * under a test IACA of the caller's.
 */
public final class TestMdocs {

	private TestMdocs() {
	}

	/**
	 * A {@code DeviceResponse} of one document of {@code docType} disclosing
	 * {@code elements} in {@code namespace} (booleans, strings, and dates as
	 * {@link LocalDate}), signed by {@code documentSigner}, valid around {@code now}, its
	 * device signature over the OpenID4VP redirect session transcript of
	 * {@code handover}.
	 */
	public static byte[] deviceResponse(TestPki.Issued documentSigner, String docType, String namespace,
			Map<String, Object> elements, Handover handover, Instant now) {
		MdocFixture.Builder builder = new MdocFixture().mdl();
		builder.signedBy(documentSigner);
		builder.docType = docType;
		builder.msoDocType = docType;
		builder.signed = now.minus(Duration.ofHours(1));
		builder.validFrom = now.minus(Duration.ofHours(1));
		builder.validUntil = now.plus(Duration.ofDays(30));
		builder.signedTranscript = MdocVerifier.openId4VpSessionTranscript(handover);
		Map<String, CBORItem> items = new LinkedHashMap<>();
		elements.forEach((name, value) -> items.put(name, item(value)));
		builder.claims.clear();
		builder.claims.put(namespace, items);
		return builder.build();
	}

	private static CBORItem item(Object value) {
		if (value instanceof Boolean flag) {
			return flag ? CBORBoolean.TRUE : CBORBoolean.FALSE;
		}
		if (value instanceof LocalDate date) {
			return new CBORTaggedItem(1004, new CBORString(date.toString()));
		}
		return new CBORString(value.toString());
	}

}
