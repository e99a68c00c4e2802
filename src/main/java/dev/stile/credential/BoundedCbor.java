package dev.stile.credential;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORDecoderOptions;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORTaggedItem;

/**
 * CBOR decoding of untrusted bytes with bounds checked before the decoder allocates.
 * <p>
 * authlete's decoder trusts declared lengths: a string header announcing 2 GB makes it
 * allocate 2 GB before reading, and it recurses once per nesting level with no limit (a
 * few kilobytes of {@code 0x81} bytes overflow the stack). So a pre-scan walks the item
 * headers first, iteratively, and refuses the input unless every length fits in the bytes
 * that remain, nesting stays under {@link #MAX_DEPTH} and the item count under
 * {@link #MAX_ITEMS}. Only then does the library decode.
 * <p>
 * The scan also records the exact encoded bytes of every tag-24 item (embedded CBOR), so
 * digests and device authentication can be computed over what the wallet sent rather than
 * over a re-encoding.
 */
final class BoundedCbor {

	/** Deepest nesting of arrays, maps and tags; mdoc structures need fewer than 10. */
	static final int MAX_DEPTH = 16;

	/**
	 * Most data items in one decoded structure; the Annex D response has a few hundred.
	 */
	static final int MAX_ITEMS = 10_000;

	private BoundedCbor() {
	}

	/**
	 * A decoded item and the encoded bytes of each tag-24 item inside it.
	 */
	record Decoded(CBORItem item, Map<CBORItem, byte[]> embedded) {

		/** The bytes {@code d8 18 <bstr>} as received for a tag-24 item of this tree. */
		byte[] rawOf(CBORItem tag24) {
			byte[] raw = this.embedded.get(tag24);
			if (raw == null) {
				throw malformed("embedded CBOR not found in the scanned input");
			}
			return raw;
		}

	}

	/**
	 * Decodes exactly one CBOR item filling {@code bytes}.
	 * @param what names the structure in error details
	 * @throws CredentialException {@code presentation_malformed} for anything else
	 */
	static Decoded decode(byte[] bytes, String what) {
		List<int[]> spans = scan(bytes, what);
		CBORItem item;
		try {
			CBORDecoder decoder = new CBORDecoder(bytes, new CBORDecoderOptions());
			item = decoder.next();
			if (item == null || decoder.next() != null) {
				throw malformed(what + ": not exactly one CBOR item");
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof CredentialException credential) {
				throw credential;
			}
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED, what + ": " + ex.getMessage(), ex);
		}
		// The decoder builds the tree in the order the scan met the items, so the n-th
		// tag-24 item in a pre-order walk is the n-th span.
		List<CBORItem> tagged = new ArrayList<>();
		collectTag24(item, tagged, 0);
		if (tagged.size() != spans.size()) {
			throw malformed(what + ": embedded CBOR items do not line up with the scan");
		}
		Map<CBORItem, byte[]> embedded = new IdentityHashMap<>();
		for (int i = 0; i < spans.size(); i++) {
			int[] span = spans.get(i);
			byte[] raw = new byte[span[1] - span[0]];
			System.arraycopy(bytes, span[0], raw, 0, raw.length);
			embedded.put(tagged.get(i), raw);
		}
		return new Decoded(item, embedded);
	}

	private static void collectTag24(CBORItem item, List<CBORItem> out, int depth) {
		if (depth > MAX_DEPTH + 1) {
			throw malformed("nesting deeper than the scan allowed");
		}
		if (item instanceof CBORTaggedItem tagged) {
			if (isTag(tagged, 24)) {
				out.add(tagged);
			}
			collectTag24(tagged.getTagContent(), out, depth + 1);
		}
		else if (item instanceof CBORItemList list) {
			for (CBORItem element : list.getItems()) {
				collectTag24(element, out, depth + 1);
			}
		}
		else if (item instanceof CBORPairList map) {
			for (CBORPair pair : map.getPairs()) {
				collectTag24(pair.getKey(), out, depth + 1);
				collectTag24(pair.getValue(), out, depth + 1);
			}
		}
	}

	static boolean isTag(CBORTaggedItem item, long number) {
		Number tag = item.getTagNumber();
		return !(tag instanceof java.math.BigInteger) && tag.longValue() == number;
	}

	/**
	 * Walks the item headers without allocating for their contents. Returns the [start,
	 * end) offsets of every tag-24 item, in pre-order.
	 */
	static List<int[]> scan(byte[] bytes, String what) {
		return scan(bytes, what, true);
	}

	/**
	 * A COSE protected header is decoded by authlete with its default options, whose tag
	 * processors decode nested COSE messages, and those nested headers, without any
	 * bound. Headers need no tags, so they are scanned with tags refused.
	 */
	static void scanHeader(byte[] bytes, String what) {
		scan(bytes, what, false);
	}

	private static List<int[]> scan(byte[] bytes, String what, boolean tagsAllowed) {
		List<int[]> spans = new ArrayList<>();
		// One frame per open container: the items it still expects (-1: indefinite
		// length),
		// what it is, and for a tag 24 the index of its span.
		long[] remaining = new long[MAX_DEPTH + 1];
		int[] kind = new int[MAX_DEPTH + 1];
		int[] span = new int[MAX_DEPTH + 1];
		int depth = 0;
		int items = 0;
		int pos = 0;
		while (true) {
			if (pos >= bytes.length) {
				throw malformed(what + ": truncated");
			}
			int start = pos;
			int initial = bytes[pos++] & 0xff;
			int major = initial >>> 5;
			int info = initial & 0x1f;
			if (initial == 0xff) {
				if (depth == 0 || remaining[depth] != -1) {
					throw malformed(what + ": unexpected break");
				}
				depth = itemEnded(depth - 1, remaining, kind, span, spans, pos);
				if (depth == 0) {
					break;
				}
				continue;
			}
			if (++items > MAX_ITEMS) {
				throw malformed(what + ": more than " + MAX_ITEMS + " items");
			}
			if (depth > 0 && kind[depth] >= CHUNKS && (major != kind[depth] - CHUNKS || info == 31)) {
				throw malformed(what + ": an indefinite-length string holds something other than chunks of its type");
			}
			long argument;
			if (info < 24) {
				argument = info;
			}
			else if (info <= 27) {
				int size = 1 << (info - 24);
				if (bytes.length - pos < size) {
					throw malformed(what + ": truncated");
				}
				argument = 0;
				for (int i = 0; i < size; i++) {
					argument = (argument << 8) | (bytes[pos++] & 0xff);
				}
				// Above Long.MAX_VALUE the argument reads negative: harmless for
				// integers,
				// tags and floats, whose argument is not a length.
				if (argument < 0 && major >= 2 && major <= 5) {
					throw malformed(what + ": length too large");
				}
			}
			else if (info == 31 && major >= 2 && major <= 5) {
				argument = -1;
			}
			else {
				throw malformed(what + ": reserved or invalid additional information");
			}
			long left = bytes.length - pos;
			boolean opened = false;
			switch (major) {
				case 2, 3 -> {
					if (argument == -1) {
						depth = open(depth, -1, CHUNKS + major, remaining, kind, what);
						opened = true;
					}
					else if (argument > left) {
						throw malformed(what + ": a string longer than the input");
					}
					else {
						pos += (int) argument;
					}
				}
				case 4, 5 -> {
					if (argument > left || (major == 5 && argument * 2 > left)) {
						throw malformed(what + ": more elements announced than bytes remain");
					}
					if (argument != 0) {
						depth = open(depth, (argument == -1) ? -1 : (major == 5) ? argument * 2 : argument, CONTAINER,
								remaining, kind, what);
						opened = true;
					}
				}
				case 6 -> {
					if (!tagsAllowed) {
						throw malformed(what + ": a tag where none is expected");
					}
					depth = open(depth, 1, TAG, remaining, kind, what);
					span[depth] = -1;
					if (argument == 24) {
						// The slot is taken now so that spans stay in pre-order.
						spans.add(new int[] { start, -1 });
						span[depth] = spans.size() - 1;
					}
					opened = true;
				}
				case 7 -> {
					if (info == 24 && argument < 32) {
						throw malformed(what + ": invalid simple value");
					}
				}
				default -> {
					// Integers: the head was the whole item.
				}
			}
			if (!opened) {
				depth = itemEnded(depth, remaining, kind, span, spans, pos);
				if (depth == 0) {
					break;
				}
			}
		}
		if (pos != bytes.length) {
			throw malformed(what + ": trailing bytes after the item");
		}
		return spans;
	}

	private static final int CONTAINER = 1;

	private static final int TAG = 2;

	/** An indefinite-length string; the major type of its chunks is added. */
	private static final int CHUNKS = 8;

	private static int open(int depth, long count, int frameKind, long[] remaining, int[] kind, String what) {
		if (depth + 1 > MAX_DEPTH) {
			throw malformed(what + ": nested deeper than " + MAX_DEPTH);
		}
		remaining[depth + 1] = count;
		kind[depth + 1] = frameKind;
		return depth + 1;
	}

	/**
	 * An item ended at {@code pos}: counts it in the frame at {@code depth}, closing
	 * every frame it completes. Returns the depth still open, 0 when the top item is
	 * complete.
	 */
	private static int itemEnded(int depth, long[] remaining, int[] kind, int[] span, List<int[]> spans, int pos) {
		while (depth > 0) {
			if (remaining[depth] == -1) {
				return depth;
			}
			if (--remaining[depth] > 0) {
				return depth;
			}
			if (kind[depth] == TAG && span[depth] >= 0) {
				spans.get(span[depth])[1] = pos;
			}
			depth--;
		}
		return 0;
	}

	static CredentialException malformed(String detail) {
		return new CredentialException(CredentialError.PRESENTATION_MALFORMED, detail);
	}

}
