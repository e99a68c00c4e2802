package dev.stile.credential;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.authlete.cbor.CBORBigInteger;
import com.authlete.cbor.CBORBoolean;
import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORInteger;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORNull;
import com.authlete.cbor.CBORNumber;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cbor.CBORUndefined;
import com.authlete.cose.COSEException;
import com.authlete.cose.COSEMac0;
import com.authlete.cose.COSESign1;

/**
 * Typed access to decoded CBOR: every shape the mdoc CDDL does not allow is
 * {@code presentation_malformed}, named by where it was met.
 */
final class Cbor {

	private Cbor() {
	}

	static CBORPairList map(CBORItem item, String what) {
		if (item instanceof CBORPairList map) {
			return map;
		}
		throw BoundedCbor.malformed(what + " is not a map");
	}

	static List<? extends CBORItem> array(CBORItem item, String what) {
		if (item instanceof CBORItemList list) {
			return list.getItems();
		}
		throw BoundedCbor.malformed(what + " is not an array");
	}

	static String text(CBORItem item, String what) {
		if (item instanceof CBORString text) {
			return text.getValue();
		}
		throw BoundedCbor.malformed(what + " is not a text string");
	}

	static byte[] bytes(CBORItem item, String what) {
		if (item instanceof CBORByteArray bytes) {
			return bytes.getValue();
		}
		throw BoundedCbor.malformed(what + " is not a byte string");
	}

	static long unsigned(CBORItem item, String what) {
		if (item instanceof CBORNumber<?> number && isInteger(number.getValue())
				&& ((Number) number.getValue()).longValue() >= 0) {
			return ((Number) number.getValue()).longValue();
		}
		throw BoundedCbor.malformed(what + " is not an unsigned integer");
	}

	private static boolean isInteger(Object value) {
		return value instanceof Integer || value instanceof Long;
	}

	/** The value under a text key; keys must be unique (RFC 8949 §5.6). */
	static CBORItem optional(CBORPairList map, String key) {
		CBORItem found = null;
		for (CBORPair pair : map.getPairs()) {
			if (pair.getKey() instanceof CBORString text && key.equals(text.getValue())) {
				if (found != null) {
					throw BoundedCbor.malformed("duplicate key " + key);
				}
				found = pair.getValue();
			}
		}
		return found;
	}

	static CBORItem required(CBORPairList map, String key, String what) {
		CBORItem value = optional(map, key);
		if (value == null) {
			throw BoundedCbor.malformed(what + " has no " + key);
		}
		return value;
	}

	/**
	 * Refuses keys the CDDL does not name, for the closed maps whose every member carries
	 * authentication ({@code IssuerSigned}, {@code DeviceSigned}, {@code DeviceAuth}): a
	 * renamed {@code nameSpaces} must not pass as a document that disclosed nothing.
	 */
	static void onlyKeys(CBORPairList map, String what, String... keys) {
		for (CBORPair pair : map.getPairs()) {
			if (!(pair.getKey() instanceof CBORString text) || !List.of(keys).contains(text.getValue())) {
				throw BoundedCbor.malformed(what + " holds an unknown member " + pair.getKey());
			}
		}
	}

	/**
	 * Accepts the major version 1 this verifier implements ("1.0", and "1.1" of the
	 * second edition).
	 */
	static void version(String version, String what) {
		if (!version.matches("1\\.\\d{1,3}")) {
			throw BoundedCbor.malformed(what + " version " + version + " is not 1.x");
		}
	}

	/** The content of {@code #6.24(bstr)}. */
	static byte[] embedded(CBORItem item, String what) {
		if (item instanceof CBORTaggedItem tagged && BoundedCbor.isTag(tagged, 24)
				&& tagged.getTagContent() instanceof CBORByteArray content) {
			return content.getValue();
		}
		throw BoundedCbor.malformed(what + " is not embedded CBOR (tag 24 around a byte string)");
	}

	/** {@code tdate = #6.0(tstr)}, RFC 3339. */
	static Instant tdate(CBORItem item, String what) {
		if (item instanceof CBORTaggedItem tagged && BoundedCbor.isTag(tagged, 0)
				&& tagged.getTagContent() instanceof CBORString text) {
			try {
				return OffsetDateTime.parse(text.getValue()).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw BoundedCbor.malformed(what + " is not an RFC 3339 date-time");
			}
		}
		throw BoundedCbor.malformed(what + " is not a tdate (tag 0)");
	}

	static COSESign1 sign1(CBORItem item, String what) {
		try {
			return COSESign1.build(readable(item, what));
		}
		catch (COSEException ex) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED,
					what + " is not a COSE_Sign1: " + ex.getMessage(), ex);
		}
	}

	static COSEMac0 mac0(CBORItem item, String what) {
		try {
			return COSEMac0.build(readable(item, what));
		}
		catch (COSEException ex) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED,
					what + " is not a COSE_Mac0: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A COSE message as authlete can read it. Its classes decode the protected header's
	 * bytes with an unbounded decoder, so those are scanned first. And a {@code kid} that
	 * is not a byte string is dropped from the unprotected header, which no signature
	 * covers and whose {@code kid} this verifier never uses: @auth0/mdl (3.0.1) writes
	 * {@code 4: undefined} there, which authlete refuses.
	 */
	private static CBORItem readable(CBORItem item, String what) {
		List<? extends CBORItem> elements = array(item, what);
		if (elements.size() != 4) {
			throw BoundedCbor.malformed(what + " does not have 4 elements");
		}
		byte[] header = bytes(elements.get(0), what + " protected header");
		if (header.length > 0) {
			BoundedCbor.scanHeader(header, what + " protected header");
		}
		if (!(elements.get(1) instanceof CBORPairList unprotected)) {
			return item;
		}
		List<CBORPair> kept = new ArrayList<>();
		for (CBORPair pair : unprotected.getPairs()) {
			boolean kid = pair.getKey() instanceof CBORInteger label && label.getValue() == 4;
			if (!kid || pair.getValue() instanceof CBORByteArray) {
				kept.add(pair);
			}
		}
		if (kept.size() == unprotected.getPairs().size()) {
			return item;
		}
		List<CBORItem> copy = new ArrayList<>(elements);
		copy.set(1, new CBORPairList(kept));
		return new CBORItemList(copy);
	}

	/** An element value as a Java value; see {@link MdocVerifier} for the mapping. */
	static Object toJava(CBORItem item, String what) {
		if (item instanceof CBORString text) {
			return text.getValue();
		}
		if (item instanceof CBORBoolean bool) {
			return bool.getValue();
		}
		if (item instanceof CBORBigInteger big) {
			return big.getValue();
		}
		if (item instanceof CBORNumber<?> number && number.getValue() instanceof Number value) {
			return isInteger(value) ? (Object) value.longValue() : (Object) value.doubleValue();
		}
		if (item instanceof CBORByteArray bytes) {
			return bytes.getValue();
		}
		if (item instanceof CBORNull || item instanceof CBORUndefined) {
			return null;
		}
		if (item instanceof CBORItemList list) {
			List<Object> values = new ArrayList<>();
			for (CBORItem element : list.getItems()) {
				values.add(toJava(element, what));
			}
			return values;
		}
		if (item instanceof CBORPairList map) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (CBORPair pair : map.getPairs()) {
				Object key = toJava(pair.getKey(), what);
				values.put(String.valueOf(key), toJava(pair.getValue(), what));
			}
			return values;
		}
		if (item instanceof CBORTaggedItem tagged) {
			return tagged(tagged, what);
		}
		// Simple values other than true, false, null and undefined.
		return null;
	}

	private static Object tagged(CBORTaggedItem tagged, String what) {
		CBORItem content = tagged.getTagContent();
		try {
			if (BoundedCbor.isTag(tagged, 1004) && content instanceof CBORString text) {
				// RFC 8943 full-date, e.g. birth_date.
				return LocalDate.parse(text.getValue());
			}
			if (BoundedCbor.isTag(tagged, 0) && content instanceof CBORString) {
				return tdate(tagged, what);
			}
			if (BoundedCbor.isTag(tagged, 1) && content instanceof CBORNumber<?> seconds
					&& seconds.getValue() instanceof Number value) {
				return isInteger(value) ? Instant.ofEpochSecond(value.longValue())
						: Instant.ofEpochMilli((long) (value.doubleValue() * 1000));
			}
			if ((BoundedCbor.isTag(tagged, 2) || BoundedCbor.isTag(tagged, 3))
					&& content instanceof CBORByteArray magnitude) {
				BigInteger unsigned = new BigInteger(1, magnitude.getValue());
				return BoundedCbor.isTag(tagged, 2) ? unsigned : BigInteger.ONE.negate().subtract(unsigned);
			}
		}
		catch (java.time.DateTimeException | ArithmeticException ex) {
			throw BoundedCbor.malformed(what + ": a tagged date that does not parse");
		}
		// Other tags (e.g. 24 around embedded CBOR) carry no meaning a claim needs.
		return toJava(content, what);
	}

}
