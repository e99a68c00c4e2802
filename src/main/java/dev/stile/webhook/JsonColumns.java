package dev.stile.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * How endpoint columns stored as JSON map to Java values.
 */
final class JsonColumns {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonColumns() {
	}

	@Converter
	static final class StringListConverter implements AttributeConverter<List<String>, String> {

		private static final TypeReference<ArrayList<String>> LIST = new TypeReference<>() {
		};

		@Override
		public String convertToDatabaseColumn(List<String> values) {
			return JSON.writeValueAsString((values != null) ? values : List.of());
		}

		@Override
		public List<String> convertToEntityAttribute(String json) {
			return (json != null) ? JSON.readValue(json, LIST) : new ArrayList<>();
		}

	}

	@Converter
	static final class MetadataConverter implements AttributeConverter<Map<String, String>, String> {

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
