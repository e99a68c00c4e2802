package dev.stile.widget;

import java.time.Duration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
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

	private final String policy;

	HostedPageController(WidgetProperties properties) {
		this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
				+ "media-src blob:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors "
				+ String.join(" ", properties.frameAncestors());
	}

	/**
	 * The page is the same for every session: it learns its session from the client
	 * secret, which never reaches the server in the URL (a fragment or a postMessage).
	 * {@code /verify/new} starts a session from a publishable key first.
	 */
	@GetMapping({ "/verify/new", "/verify/{id:vks_[A-Za-z0-9]{1,64}}" })
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", this.policy)
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
