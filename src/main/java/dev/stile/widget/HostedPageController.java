package dev.stile.widget;

import java.time.Duration;
import java.util.List;

import dev.stile.session.WidgetSessions;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves what runs in the customer's browser: {@code /widget.js} for merchants' pages,
 * and the hosted verification page at each session's {@code verification_path}, under a
 * Content-Security-Policy that allows no inline script or style.
 */
@Controller
class HostedPageController implements WebMvcConfigurer {

	static final String ASSETS = "/widget/";

	private static final Resource PAGE = new ClassPathResource("widget/verify.html");

	private static final Resource SCRIPT = new ClassPathResource("widget/widget.js");

	private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' blob: data:; media-src blob:; connect-src 'self'; form-action 'none'; base-uri 'none'; "
			+ "frame-ancestors ";

	private final List<String> frameAncestors;

	private final WidgetSessions sessions;

	HostedPageController(WidgetProperties properties, WidgetSessions sessions) {
		this.frameAncestors = properties.frameAncestors();
		this.sessions = sessions;
	}

	/**
	 * The page is the same for every session: it learns its session from the client
	 * secret, which never reaches the server in the URL (a fragment or a postMessage).
	 * {@code /verify/new} starts a session from a publishable key first, so it knows no
	 * organization yet and takes the deployment's frame-ancestors; a session's page takes
	 * its organization's allowed origins when it has any.
	 */
	@GetMapping({ "/verify/new", "/verify/{id:vks_[A-Za-z0-9]{1,64}}" })
	ResponseEntity<Resource> page(@PathVariable(name = "id", required = false) String id) {
		List<String> organization = (id != null) ? this.sessions.frameAncestors(id) : List.of();
		String ancestors = String.join(" ", organization.isEmpty() ? this.frameAncestors : organization);
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", POLICY + ancestors)
			.header("Referrer-Policy", "no-referrer")
			.header("Permissions-Policy", "camera=(self)")
			.body(PAGE);
	}

	/** Merchants load it from a stable URL, so it is cached briefly. */
	@GetMapping("/widget.js")
	ResponseEntity<Resource> script() {
		return ResponseEntity.ok()
			.contentType(MediaType.valueOf("text/javascript"))
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.header("Access-Control-Allow-Origin", "*")
			.body(SCRIPT);
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(ASSETS + "**")
			.addResourceLocations("classpath:/widget/")
			.setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
	}

}
