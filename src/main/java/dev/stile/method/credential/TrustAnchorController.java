package dev.stile.method.credential;

import java.util.ArrayList;
import java.util.List;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ListResponse;
import dev.stile.credential.TrustAnchors;
import dev.stile.method.credential.CredentialTypes.AnchorKind;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the trust anchors: what is loaded, and a reload from the
 * configured paths without a restart.
 */
@RestController
@RequestMapping("/admin/v1/trust_anchors")
class TrustAnchorController {

	private static final String URL = "/admin/v1/trust_anchors";

	private final TrustAnchorStore store;

	TrustAnchorController(TrustAnchorStore store) {
		this.store = store;
	}

	@GetMapping
	ListResponse<TrustAnchorView> list() {
		return new ListResponse<>(URL, false, views());
	}

	/**
	 * Reads the configured files again. A file that cannot be read leaves the loaded set
	 * in place and answers 400 naming it.
	 */
	@PostMapping("/reload")
	ListResponse<TrustAnchorView> reload() {
		try {
			this.store.reload();
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "trust_anchors_unreadable",
					ex.getMessage() + ". The anchors loaded before are still in use.", null);
		}
		return new ListResponse<>(URL, false, views());
	}

	private List<TrustAnchorView> views() {
		List<TrustAnchorView> views = new ArrayList<>();
		for (AnchorKind kind : AnchorKind.values()) {
			for (TrustAnchors.Anchor anchor : this.store.anchors(kind).anchors()) {
				views.add(TrustAnchorView.of(kind, anchor));
			}
		}
		return views;
	}

	/**
	 * One loaded root.
	 *
	 * @param kind {@code mdl} or {@code pid}: which setting it came from
	 * @param source the file it was read from
	 */
	record TrustAnchorView(String object, String kind, String subject, String issuer, String serialNumber,
			String sha256Fingerprint, long notBefore, long notAfter, String source, boolean testOnly) {

		static TrustAnchorView of(AnchorKind kind, TrustAnchors.Anchor anchor) {
			return new TrustAnchorView("trust_anchor", kind.apiName(), anchor.subject(),
					anchor.certificate().getIssuerX500Principal().getName(),
					anchor.certificate().getSerialNumber().toString(16), anchor.sha256Fingerprint(),
					anchor.notBefore().getEpochSecond(), anchor.notAfter().getEpochSecond(), anchor.source(),
					anchor.testOnly());
		}

	}

}
