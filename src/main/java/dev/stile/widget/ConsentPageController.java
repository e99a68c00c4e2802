package dev.stile.widget;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.stile.method.consent.ParentalConsents;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a parent's consent link opens: who asks, for what, what is kept; then the
 * parent's own age check, consent or decline, and later withdrawal. The link's token is
 * the only credential; the page's script posts to the JSON calls below.
 */
@Controller
class ConsentPageController {

	private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

	private static final String TOKEN = "{token:[A-Za-z0-9_-]{1,64}}";

	private static final Map<String, Map<String, String>> TEXT = Map.of("en", Map.ofEntries(
			Map.entry("title", "Parental consent"), Map.entry("asks", "asks a parent or guardian to consent."),
			Map.entry("for", "What it is for"),
			Map.entry("kept",
					"What is kept: that a parent consented, when, and which kind of check proved them an adult; never your name, birth date or document, and your email address only as a keyed hash."),
			Map.entry("step1", "First, prove that you are an adult with an identity document."),
			Map.entry("verify", "Verify my age (opens a new tab)"),
			Map.entry("back", "When you have finished, come back here and press Continue."),
			Map.entry("continue", "Continue"), Map.entry("step2", "You are verified as an adult. Do you consent?"),
			Map.entry("consent", "I consent"), Map.entry("decline", "I decline"),
			Map.entry("consented", "You consented. You can withdraw your consent at any time with this link."),
			Map.entry("withdraw", "Withdraw my consent"), Map.entry("declined", "You declined. Nothing else happens."),
			Map.entry("expired", "This request has expired."),
			Map.entry("withdrawn", "You withdrew your consent. The service has been told."),
			Map.entry("replaced", "A newer request replaced this one; use the link in the newest mail.")), "es",
			Map.ofEntries(Map.entry("title", "Consentimiento parental"),
					Map.entry("asks", "pide el consentimiento de un padre, madre o tutor."),
					Map.entry("for", "Para qué es"),
					Map.entry("kept",
							"Qué se guarda: que un padre o tutor dio su consentimiento, cuándo y qué tipo de comprobación demostró su mayoría de edad; nunca su nombre, fecha de nacimiento ni documento, y su correo solo como un hash con clave."),
					Map.entry("step1", "Primero, demuestre que es mayor de edad con un documento de identidad."),
					Map.entry("verify", "Verificar mi edad (se abre en otra pestaña)"),
					Map.entry("back", "Cuando termine, vuelva aquí y pulse Continuar."),
					Map.entry("continue", "Continuar"),
					Map.entry("step2", "Se ha verificado que es mayor de edad. ¿Da su consentimiento?"),
					Map.entry("consent", "Doy mi consentimiento"), Map.entry("decline", "No doy mi consentimiento"),
					Map.entry("consented",
							"Ha dado su consentimiento. Puede retirarlo en cualquier momento con este enlace."),
					Map.entry("withdraw", "Retirar mi consentimiento"),
					Map.entry("declined", "Ha rechazado la solicitud. No ocurre nada más."),
					Map.entry("expired", "Esta solicitud ha caducado."),
					Map.entry("withdrawn", "Ha retirado su consentimiento. Se ha informado al servicio."),
					Map.entry("replaced",
							"Una solicitud más reciente sustituye a esta; use el enlace del último correo.")));

	private final ParentalConsents consents;

	ConsentPageController(ParentalConsents consents) {
		this.consents = consents;
	}

	@GetMapping("/consent/" + TOKEN)
	ResponseEntity<String> page(@PathVariable String token,
			@RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String languages) {
		ParentalConsents.ConsentView view = this.consents.view(token);
		Map<String, String> text = TEXT.get(language(languages));
		StringBuilder html = new StringBuilder();
		html.append("<!doctype html><html lang=\"")
			.append(language(languages))
			.append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>")
			.append(esc(text.get("title")))
			.append("</title><link rel=\"stylesheet\" href=\"/widget/verify.css\"></head><body><main class=\"consent\">")
			.append("<h1>")
			.append(esc(text.get("title")))
			.append("</h1><p><strong>")
			.append(esc(view.merchant()))
			.append("</strong> ")
			.append(esc(text.get("asks")))
			.append("</p><h2>")
			.append(esc(text.get("for")))
			.append("</h2><p id=\"purpose\">")
			.append(esc(view.userMessage()))
			.append((view.useCase() != null) ? " (" + esc(view.useCase()) + ")" : "")
			.append("</p><p>")
			.append(esc(text.get("kept")))
			.append("</p><section id=\"state\" data-status=\"")
			.append(esc(view.status()))
			.append("\">");
		switch (view.status()) {
			case "pending" -> {
				if (view.parentVerified()) {
					html.append("<p>")
						.append(esc(text.get("step2")))
						.append("</p><button type=\"button\" data-action=\"consent\">")
						.append(esc(text.get("consent")))
						.append("</button> <button type=\"button\" data-action=\"decline\">")
						.append(esc(text.get("decline")))
						.append("</button>");
				}
				else {
					html.append("<p>")
						.append(esc(text.get("step1")))
						.append("</p><button type=\"button\" data-action=\"parent_session\">")
						.append(esc(text.get("verify")))
						.append("</button><p>")
						.append(esc(text.get("back")))
						.append("</p><button type=\"button\" data-action=\"reload\">")
						.append(esc(text.get("continue")))
						.append("</button> <button type=\"button\" data-action=\"decline\">")
						.append(esc(text.get("decline")))
						.append("</button>");
				}
			}
			case "consented" -> html.append("<p>")
				.append(esc(text.get("consented")))
				.append("</p><button type=\"button\" data-action=\"withdraw\">")
				.append(esc(text.get("withdraw")))
				.append("</button>");
			default -> html.append("<p>").append(esc(text.getOrDefault(view.status(), view.status()))).append("</p>");
		}
		html.append("</section></main><script src=\"/widget/consent.js\"></script></body></html>");
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", POLICY)
			.header("Referrer-Policy", "no-referrer")
			.body(html.toString());
	}

	@GetMapping(path = "/consent/" + TOKEN + "/state", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ParentalConsents.ConsentView state(@PathVariable String token) {
		return this.consents.view(token);
	}

	@PostMapping(path = "/consent/" + TOKEN + "/parent_session", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Map<String, String> parentSession(@PathVariable String token) {
		return Map.of("url", this.consents.parentSession(token));
	}

	@PostMapping(path = "/consent/" + TOKEN + "/consent", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ParentalConsents.ConsentView consent(@PathVariable String token) {
		return this.consents.consent(token);
	}

	@PostMapping(path = "/consent/" + TOKEN + "/decline", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ParentalConsents.ConsentView decline(@PathVariable String token) {
		return this.consents.decline(token);
	}

	@PostMapping(path = "/consent/" + TOKEN + "/withdraw", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ParentalConsents.ConsentView withdraw(@PathVariable String token) {
		return this.consents.withdraw(token);
	}

	private static String language(String header) {
		if (header == null || header.length() > 200) {
			return "en";
		}
		List<Locale.LanguageRange> ranges;
		try {
			ranges = Locale.LanguageRange.parse(header);
		}
		catch (IllegalArgumentException ex) {
			// A header the JDK cannot read is a preference nobody can honour.
			return "en";
		}
		for (Locale.LanguageRange range : ranges) {
			String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
			if (TEXT.containsKey(primary)) {
				return primary;
			}
		}
		return "en";
	}

	private static String esc(String text) {
		return (text != null) ? HtmlUtils.htmlEscape(text) : "";
	}

}
