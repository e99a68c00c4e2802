package dev.stile.oid4vp;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A presentation request as the widget sees it: how to reach the wallet (a same-device
 * link, a QR code) and where the request stands.
 *
 * @param object always {@code presentation_request}
 * @param id {@code vpr_...}
 * @param method the credential method the request is for
 * @param status {@code pending}, {@code verified}, {@code failed} or {@code expired}
 * @param livemode whether it belongs to a live session
 * @param created when it was made, Unix seconds
 * @param expiresAt until when a wallet may answer it, Unix seconds
 * @param clientId the verifier's {@code client_id}
 * @param responseMode {@code direct_post.jwt} (encrypted) or {@code direct_post}
 * @param requestUri where the wallet fetches the signed request
 * @param sameDeviceUrl the link that opens a wallet on this device
 * @param qrSvg the same link as an SVG QR code, for a wallet on another device
 * @param resultId the result the wallet's answer wrote, once answered
 * @param errorCode why an answered request wrote no result (the wallet's error, or a
 * session that had moved on)
 * @param responseCodeConfirmed whether the page handed back the same-device wallet's
 * {@code response_code}
 */
public record PresentationRequestView(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "presentation_request") String object,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
				"mdl", "mid", "eudi_pid" }) String method,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
				allowableValues = { "pending", "verified", "failed", "expired" }) String status,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean livemode,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "int64") long created,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "int64") long expiresAt,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String clientId,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
				allowableValues = { "direct_post.jwt", "direct_post" }) String responseMode,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String requestUri,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String sameDeviceUrl,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String qrSvg,
		@Schema(nullable = true) @Nullable String resultId, @Schema(nullable = true) @Nullable String errorCode,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean responseCodeConfirmed){

	static PresentationRequestView of(PresentationRequest request, String requestUri, String sameDeviceUrl,
			Instant now) {
		return new PresentationRequestView("presentation_request", request.id(), request.method(),
				request.statusAt(now).apiName(), request.livemode(), request.created().getEpochSecond(),
				request.expiresAt().getEpochSecond(), request.clientId(), request.responseMode(), requestUri,
				sameDeviceUrl, QrSvg.of(sameDeviceUrl), request.resultId(), request.errorCode(),
				request.responseCodeConfirmed());
	}

}
