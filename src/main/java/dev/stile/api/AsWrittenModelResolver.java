package dev.stile.api;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Describes each property as the API's records write it: a property of a primitive type,
 * a list or a map, and every {@code id} and {@code object}, is never {@code null}; any
 * other may be; and a property is always present unless it is annotated to be left out
 * when empty. Which properties are always present is noted on the owning schema under
 * {@link #WRITTEN}; {@link OpenApiConfiguration} turns that into {@code required} for the
 * schemas that responses use, since request bodies take every field as optional.
 */
class AsWrittenModelResolver extends ModelResolver {

	/** Extension listing the properties a response always contains. */
	static final String WRITTEN = "x-stile-written";

	private static final Set<JsonInclude.Include> LEFT_OUT_WHEN_EMPTY = Set.of(JsonInclude.Include.NON_NULL,
			JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_DEFAULT);

	/** Every object the API writes has these, whatever its type. */
	private static final Set<String> NEVER_NULL = Set.of("id", "object");

	AsWrittenModelResolver(ObjectMapper mapper) {
		super(mapper);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected boolean applyBeanValidatorAnnotations(BeanPropertyDefinition definition, Schema property,
			Annotation[] annotations, Schema parent, boolean applyNotNullAnnotations) {
		boolean applied = super.applyBeanValidatorAnnotations(definition, property, annotations, parent,
				applyNotNullAnnotations);
		if (definition == null || property == null || parent == null) {
			return applied;
		}
		JavaType type = definition.getPrimaryType();
		boolean neverNull = (type != null && (type.isPrimitive() || type.isContainerType()))
				|| NEVER_NULL.contains(definition.getName());
		if (!neverNull) {
			property.setNullable(true);
		}
		JsonInclude.Value inclusion = definition.findInclusion();
		if (inclusion == null || !LEFT_OUT_WHEN_EMPTY.contains(inclusion.getValueInclusion())) {
			Object written = parent.getExtensions() != null ? parent.getExtensions().get(WRITTEN) : null;
			List<String> names = (written instanceof List<?> list) ? (List<String>) list : new ArrayList<>();
			if (!names.contains(definition.getName())) {
				names.add(definition.getName());
			}
			parent.addExtension(WRITTEN, names);
		}
		return applied;
	}

}
