package dev.stile.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON reading: a request that is not exactly what the API documents is refused,
 * so {@code "type": 5}, {@code "accept_existing": "yes"}, a duplicated key or an unknown
 * field each get a 400 naming the parameter instead of being silently coerced.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictRequestReading() {
		SimpleModule strictText = new SimpleModule("strict-text").addDeserializer(String.class, new StrictText.Values())
			.addKeyDeserializer(String.class, new StrictText.Keys());
		return (builder) -> builder.addModule(strictText)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual, (config) -> {
				config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
				config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
				config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
			})
			.withCoercionConfig(LogicalType.Boolean, (config) -> {
				config.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
				config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
			});
	}

}
