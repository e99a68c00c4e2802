package dev.stile.method;

import java.time.LocalDate;
import java.util.Map;

import dev.stile.credential.Handover;
import org.jspecify.annotations.Nullable;

/**
 * What the user submitted for one method attempt: the JSON fields of the attempt and, for
 * document capture, an uploaded image held only in memory.
 *
 * @param fields the attempt's parameters other than {@code method}, as strings, numbers
 * or booleans
 * @param image the uploaded image, or {@code null}
 * @param handover the wallet request this server issued that the presentation in
 * {@code fields} answers, or {@code null}: set by the wallet protocol only, never from a
 * client's input
 */
public record AttemptInput(Map<String, Object> fields, Upload image, @Nullable Handover handover) {

	/**
	 * The field under which the flow hands a method the id of the session attempted, for
	 * methods that keep state between calls (a code sent earlier); never a client's
	 * parameter.
	 */
	public static final String SESSION_ID = "$session_id";

	public AttemptInput {
		fields = Map.copyOf(fields);
	}

	public AttemptInput(Map<String, Object> fields, Upload image) {
		this(fields, image, null);
	}

	/**
	 * An uploaded file: its bytes, never written anywhere.
	 */
	public record Upload(byte[] bytes, String contentType) {
	}

	/** The text field {@code name}, or {@code null} when absent or not text. */
	public String text(String name) {
		Object value = this.fields.get(name);
		return (value instanceof String text) ? text : null;
	}

	boolean has(String name) {
		return this.fields.containsKey(name);
	}

	/**
	 * The user's birth date in {@code name}, refusing anything but an ISO date in the
	 * past.
	 */
	LocalDate birthDate(String name, LocalDate today) {
		String value = text(name);
		if (value == null) {
			throw new InvalidAttemptException(name, name + " is required, as YYYY-MM-DD.");
		}
		LocalDate date;
		try {
			date = LocalDate.parse(value);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidAttemptException(name, name + " must be a date as YYYY-MM-DD.");
		}
		if (!date.isBefore(today) || date.isBefore(today.minusYears(130))) {
			throw new InvalidAttemptException(name, name + " must be a real birth date in the past.");
		}
		return date;
	}

}
