package dev.stile.method;

import java.util.List;

/**
 * The outcome of filtering a waterfall: the methods left, in order, and why each dropped
 * one was dropped.
 */
public record MethodPlan(List<VerificationMethod> methods, List<String> dropped) {

	public MethodPlan {
		methods = List.copyOf(methods);
		dropped = List.copyOf(dropped);
	}

	/** Whether nothing is left to try. */
	public boolean isEmpty() {
		return this.methods.isEmpty();
	}

}
