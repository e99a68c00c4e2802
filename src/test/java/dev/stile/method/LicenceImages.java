package dev.stile.method;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.pdf417.PDF417Writer;

/**
 * Synthetic photos of the back of a driving licence: an AAMVA payload encoded by ZXing's
 * own PDF417 writer, pasted on a grey card, optionally turned and speckled. No real
 * person's data.
 */
public final class LicenceImages {

	private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MMddyyyy");

	private LicenceImages() {
	}

	/** An AAMVA version 10 payload of a California licence. */
	public static String aamva(LocalDate birthDate, LocalDate expiry, String number) {
		String subfile = "DL" + "DAQ" + number + "\n" + "DCSSAMPLE\n" + "DACJANE\n" + "DBB" + birthDate.format(US_DATE)
				+ "\n" + "DBA" + expiry.format(US_DATE) + "\n" + "DBD" + LocalDate.of(2020, 1, 2).format(US_DATE) + "\n"
				+ "DAJCA\n" + "DCGUSA\n" + "DAK945000000\n\r";
		String header = "@\n\u001e\rANSI 636014" + "10" + "00" + "01";
		int offset = header.length() + 10;
		String designator = "DL" + String.format("%04d%04d", offset, subfile.length());
		return header + designator + subfile;
	}

	/** A PNG photo of the barcode holding {@code text}. */
	public static byte[] photo(String text, int quarterTurns, boolean noisy) {
		BufferedImage card = card(text);
		if (noisy) {
			Random random = new Random(42);
			for (int i = 0; i < card.getWidth() * card.getHeight() / 300; i++) {
				card.setRGB(random.nextInt(card.getWidth()), random.nextInt(card.getHeight()),
						random.nextBoolean() ? 0xFFFFFF : 0x000000);
			}
		}
		for (int i = 0; i < quarterTurns; i++) {
			card = turn(card);
		}
		return png(card);
	}

	/**
	 * A PNG photo of the barcode holding {@code text}, {@code scale} times larger in each
	 * direction, as a high-resolution camera takes it.
	 */
	public static byte[] largePhoto(String text, int scale) {
		BufferedImage card = card(text);
		BufferedImage large = new BufferedImage(card.getWidth() * scale, card.getHeight() * scale,
				BufferedImage.TYPE_INT_RGB);
		Graphics2D g = large.createGraphics();
		g.drawImage(card, 0, 0, large.getWidth(), large.getHeight(), null);
		g.dispose();
		return png(large);
	}

	/** A grey card with nothing on it. */
	public static byte[] blankPhoto() {
		BufferedImage card = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = card.createGraphics();
		g.setColor(new Color(200, 200, 200));
		g.fillRect(0, 0, 800, 500);
		g.dispose();
		return png(card);
	}

	/**
	 * A blank grey JPEG of {@code width} × {@code height}, progressive or baseline: a
	 * progressive one is a few hundred kilobytes however large, but a decoder must hold
	 * every pixel's coefficients at once to read it.
	 */
	public static byte[] jpeg(int width, int height, boolean progressive) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		if (progressive) {
			param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	private static BufferedImage card(String text) {
		BitMatrix matrix;
		try {
			matrix = new PDF417Writer().encode(text, BarcodeFormat.PDF_417, 700, 250,
					Map.of(EncodeHintType.MARGIN, 10, EncodeHintType.ERROR_CORRECTION, 4));
		}
		catch (WriterException ex) {
			throw new IllegalStateException(ex);
		}
		BufferedImage card = new BufferedImage(matrix.getWidth() + 120, matrix.getHeight() + 160,
				BufferedImage.TYPE_INT_RGB);
		Graphics2D g = card.createGraphics();
		g.setColor(new Color(210, 210, 205));
		g.fillRect(0, 0, card.getWidth(), card.getHeight());
		g.dispose();
		for (int x = 0; x < matrix.getWidth(); x++) {
			for (int y = 0; y < matrix.getHeight(); y++) {
				card.setRGB(60 + x, 80 + y, matrix.get(x, y) ? 0x101010 : 0xFAFAFA);
			}
		}
		return card;
	}

	private static BufferedImage turn(BufferedImage image) {
		BufferedImage turned = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < image.getWidth(); x++) {
			for (int y = 0; y < image.getHeight(); y++) {
				turned.setRGB(image.getHeight() - 1 - y, x, image.getRGB(x, y));
			}
		}
		return turned;
	}

	private static byte[] png(BufferedImage image) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
