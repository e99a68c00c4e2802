package dev.stile.session;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.stile.method.VerificationMethod;

/**
 * How session columns map to Java values: methods by their API names, metadata as JSON.
 */
final class Converters {

	private Converters() {
	}

	@Converter
	static final class MethodConverter implements AttributeConverter<VerificationMethod, String> {

		@Override
		public String convertToDatabaseColumn(VerificationMethod method) {
			return (method != null) ? method.apiName() : null;
		}

		@Override
		public VerificationMethod convertToEntityAttribute(String name) {
			return (name != null) ? VerificationMethod.fromApiName(name).orElseThrow() : null;
		}

	}

	@Converter
	static final class MethodListConverter implements AttributeConverter<List<VerificationMethod>, String> {

		@Override
		public String convertToDatabaseColumn(List<VerificationMethod> methods) {
			if (methods == null) {
				return null;
			}
			return String.join(",", methods.stream().map(VerificationMethod::apiName).toList());
		}

		@Override
		public List<VerificationMethod> convertToEntityAttribute(String names) {
			if (names == null) {
				return null;
			}
			if (names.isEmpty()) {
				return List.of();
			}
			return Arrays.stream(names.split(","))
				.map((name) -> VerificationMethod.fromApiName(name).orElseThrow())
				.toList();
		}

	}

	@Converter
	static final class MetadataConverter implements AttributeConverter<Map<String, String>, String> {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
		};

		@Override
		public String convertToDatabaseColumn(Map<String, String> metadata) {
			return JSON.writeValueAsString((metadata != null) ? metadata : Map.of());
		}

		@Override
		public Map<String, String> convertToEntityAttribute(String json) {
			return (json != null) ? JSON.readValue(json, MAP) : new LinkedHashMap<>();
		}

	}

}
