package dev.stile.oid4vp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormBodyTests {

	@Test
	void decodesPercentEscapesPlusAndUtf8() {
		FormBody form = parse("vp_token=%7B%22a%22%3A1%7D&state=x+y&name=%C3%A9&empty=&flag").orElseThrow();

		assertThat(form.get("vp_token")).isEqualTo("{\"a\":1}");
		assertThat(form.get("state")).isEqualTo("x y");
		assertThat(form.get("name")).isEqualTo("é");
		assertThat(form.get("empty")).isEmpty();
		assertThat(form.get("flag")).isEmpty();
		assertThat(form.get("missing")).isNull();
	}

	@Test
	void refusesWhatAFormEncoderNeverWrites() {
		assertThat(parse("a=%")).isEmpty();
		assertThat(parse("a=%4")).isEmpty();
		assertThat(parse("a=%G1")).isEmpty();
		assertThat(parse("a=%C3%28")).isEmpty();
		assertThat(parse("a=%ED%A0%80")).isEmpty();
		assertThat(parse("a=1&a=2")).isEmpty();
		assertThat(FormBody.parse(new byte[] { 'a', '=', (byte) 0xc3, (byte) 0xa9 })).isEmpty();
		assertThat(FormBody.parse(new byte[] { 'a', '=', 0x0a })).isEmpty();
	}

	@Test
	void emptyPairsAndBodiesAreNoFields() {
		assertThat(parse("").orElseThrow().names()).isEmpty();
		assertThat(parse("&&a=1&").orElseThrow().names()).containsExactly("a");
	}

	private static java.util.Optional<FormBody> parse(String body) {
		return FormBody.parse(body.getBytes(StandardCharsets.US_ASCII));
	}

}
