package dev.stile.method;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a North American driving licence or ID card that an age check needs, read
 * from the card's PDF417 barcode as the AAMVA DL/ID Card Design Standard (Annex D) lays
 * it out: a header ({@code @ LF RS CR ANSI } + issuer id + versions + entry count),
 * subfile designators, then {@code DL}/{@code ID} subfiles of 3-letter elements separated
 * by line feeds.
 *
 * @param issuerId the 6-digit issuer identification number (636014 is California)
 * @param version the AAMVA standard version of the card
 * @param jurisdiction the issuing state or province ({@code DAJ})
 * @param country {@code USA} or {@code CAN} ({@code DCG}), derived from the issuer when
 * absent
 * @param documentNumber the licence or ID number ({@code DAQ})
 * @param birthDate the date of birth ({@code DBB})
 * @param expiryDate the expiry date ({@code DBA})
 */
record AamvaLicense(String issuerId, int version, String jurisdiction, String country, String documentNumber,
		LocalDate birthDate, LocalDate expiryDate) {

	private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MMddyyyy");

	private static final DateTimeFormatter CANADIAN_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

	/**
	 * Parses barcode text; empty when it is not an AAMVA licence or lacks what an age
	 * check needs.
	 */
	static Optional<AamvaLicense> parse(String data) {
		if (data == null) {
			return Optional.empty();
		}
		int ansi = indexOfHeader(data);
		if (ansi < 0 || data.length() < ansi + 17) {
			return Optional.empty();
		}
		String issuer = data.substring(ansi + 5, ansi + 11);
		if (!issuer.chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		int version;
		try {
			version = Integer.parseInt(data.substring(ansi + 11, ansi + 13));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		Map<String, String> elements = elements(data, ansi, version);
		String country = elements.getOrDefault("DCG", countryOfIssuer(issuer));
		LocalDate birth = date(elements.get("DBB"), country);
		LocalDate expiry = date(elements.get("DBA"), country);
		String number = elements.get("DAQ");
		if (birth == null || expiry == null || number == null || number.isBlank()) {
			return Optional.empty();
		}
		return Optional
			.of(new AamvaLicense(issuer, version, elements.get("DAJ"), country, number.trim(), birth, expiry));
	}

	private static int indexOfHeader(String data) {
		// Compliant cards start "@\n\u001e\rANSI "; some older ones say "AAMVA".
		int at = data.indexOf("ANSI ");
		if (at >= 0) {
			return at;
		}
		at = data.indexOf("AAMVA");
		return at;
	}

	private static Map<String, String> elements(String data, int headerStart, int version) {
		Map<String, String> elements = new HashMap<>();
		// Header: "ANSI " + issuer (6) + version (2) + jurisdiction version (2, absent in
		// version 1)
		// + entry count (2), then 10 characters per subfile designator.
		int countAt = headerStart + 13 + ((version > 1) ? 2 : 0);
		int entries = digits(data, countAt, 2);
		int body = countAt + 2 + 10 * Math.max(entries, 0);
		if (entries <= 0 || body > data.length()) {
			return elements;
		}
		for (String line : data.substring(body).split("[\\n\\r\\u001e]")) {
			String element = line;
			// A subfile begins with its type: "DLDAQ123" is the DAQ element of a DL
			// subfile.
			if (element.matches("(DL|ID)D[A-Z]{2}.*")) {
				element = element.substring(2);
			}
			if (element.length() > 3 && element.substring(0, 3).matches("D[A-Z]{2}")) {
				elements.putIfAbsent(element.substring(0, 3), element.substring(3).trim());
			}
		}
		return elements;
	}

	private static int digits(String data, int from, int length) {
		if (from + length > data.length()) {
			return -1;
		}
		String value = data.substring(from, from + length);
		return value.chars().allMatch(Character::isDigit) ? Integer.parseInt(value) : -1;
	}

	private static String countryOfIssuer(String issuer) {
		// AAMVA issuer numbers of Canadian provinces sit in 6360xx/6364xx ranges; default
		// to USA.
		return switch (issuer) {
			case "636028", "636017", "636048", "636012", "636044", "636016", "636013", "636018", "604427", "604428",
					"604429", "604430", "636046" ->
				"CAN";
			default -> "USA";
		};
	}

	private static LocalDate date(String value, String country) {
		if (value == null || value.length() != 8 || !value.chars().allMatch(Character::isDigit)) {
			return null;
		}
		DateTimeFormatter first = "CAN".equals(country) ? CANADIAN_DATE : US_DATE;
		DateTimeFormatter second = "CAN".equals(country) ? US_DATE : CANADIAN_DATE;
		for (DateTimeFormatter format : new DateTimeFormatter[] { first, second }) {
			try {
				return LocalDate.parse(value, format);
			}
			catch (DateTimeParseException ex) {
				// Try the other layout: some issuers do not follow their country's.
			}
		}
		return null;
	}

}
