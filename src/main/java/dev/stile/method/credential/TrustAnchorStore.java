package dev.stile.method.credential;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.stile.credential.TrustAnchors;
import dev.stile.method.credential.CredentialTypes.AnchorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The trust anchors loaded from the operator's settings, one set per kind. Read at start
 * (a path that cannot be read stops the server, naming it) and replaced as a whole by a
 * reload, so a verification always sees one consistent set.
 */
@Component
class TrustAnchorStore {

	private static final Logger logger = LoggerFactory.getLogger(TrustAnchorStore.class);

	private final CredentialProperties properties;

	private volatile Map<AnchorKind, TrustAnchors> anchors;

	TrustAnchorStore(CredentialProperties properties) {
		this.properties = properties;
		try {
			this.anchors = read();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					ex.getMessage() + " (check STILE_MDL_TRUST_ANCHORS and STILE_PID_TRUST_ANCHORS)", ex);
		}
		log();
	}

	/** The anchors of one kind. */
	TrustAnchors anchors(AnchorKind kind) {
		return this.anchors.get(kind);
	}

	/**
	 * Every anchor of every kind, for a verifier that learns the credential's type only
	 * as it reads it.
	 */
	TrustAnchors all() {
		List<TrustAnchors.Anchor> all = new ArrayList<>();
		Map<AnchorKind, TrustAnchors> current = this.anchors;
		current.values().forEach((set) -> all.addAll(set.anchors()));
		return TrustAnchors.of(all);
	}

	/** Whether an anchor usable in live mode is loaded for this kind. */
	boolean hasLiveAnchors(AnchorKind kind) {
		return this.anchors.get(kind).anchors().stream().anyMatch((anchor) -> !anchor.testOnly());
	}

	/**
	 * Reads the configured paths again and replaces every set at once.
	 * @throws IllegalArgumentException naming the path at fault; the loaded sets are then
	 * kept
	 */
	synchronized void reload() {
		this.anchors = read();
		log();
	}

	private Map<AnchorKind, TrustAnchors> read() {
		Map<AnchorKind, TrustAnchors> read = new EnumMap<>(AnchorKind.class);
		read.put(AnchorKind.MDL, TrustAnchors.load(this.properties.mdlTrustAnchors()));
		read.put(AnchorKind.PID, TrustAnchors.load(this.properties.pidTrustAnchors()));
		return Map.copyOf(read);
	}

	private void log() {
		Map<AnchorKind, TrustAnchors> current = this.anchors;
		logger.info("Trust anchors loaded: {} mdl, {} pid", current.get(AnchorKind.MDL).anchors().size(),
				current.get(AnchorKind.PID).anchors().size());
	}

}
