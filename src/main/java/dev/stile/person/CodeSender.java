package dev.stile.person;

/**
 * Delivers a one-time code over one channel ({@code email} or {@code phone}). An SMS
 * provider is plugged in by implementing this for {@code phone}.
 */
public interface CodeSender {

	/** The channel this sender serves. */
	String channel();

	/** Whether it is configured to send at all. */
	boolean available();

	void send(String destination, String code);

}
