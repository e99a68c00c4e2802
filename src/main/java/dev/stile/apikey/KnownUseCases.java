package dev.stile.apikey;

import java.util.Set;

/**
 * The use cases the compliance rules know, which a publishable key may be pinned to;
 * provided by the compliance package, which already depends on this one.
 */
public interface KnownUseCases {

	/** Every use case name, e.g. {@code alcohol_delivery}. */
	Set<String> useCases();

	/** Whether {@code useCase} is one of {@link #useCases()}. */
	boolean isKnownUseCase(String useCase);

}
