package dev.stile.person;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends codes by email through Spring's mail support, once {@code spring.mail.host} is
 * configured.
 */
@Component
class EmailCodeSender implements CodeSender {

	private final ObjectProvider<JavaMailSender> mail;

	private final PersonProperties properties;

	EmailCodeSender(ObjectProvider<JavaMailSender> mail, PersonProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public String channel() {
		return "email";
	}

	@Override
	public boolean available() {
		return this.mail.getIfAvailable() != null;
	}

	@Override
	public void send(String destination, String code) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(destination);
		message.setSubject("Your verification code");
		message.setText(
				"Your verification code is " + code + ". It expires in " + this.properties.codeTimeToLive().toMinutes()
						+ " minutes. If you did not ask for it, ignore this email.");
		this.mail.getObject().send(message);
	}

}
