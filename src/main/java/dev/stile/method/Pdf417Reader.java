package dev.stile.method;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.pdf417.PDF417Reader;

/**
 * Finds and decodes the PDF417 barcode in a photo, in memory. Photos are taken at any
 * angle, so a failed read is retried turned a quarter each way.
 */
final class Pdf417Reader {

	// A decompression bomb is a small file that claims a huge picture; refuse before
	// decoding.
	private static final long MAX_PIXELS = 40_000_000L;

	private static final Map<DecodeHintType, Object> HINTS = hints();

	private Pdf417Reader() {
	}

	/** The image, if the bytes are a PNG or JPEG of acceptable size. */
	static BufferedImage image(byte[] bytes) {
		try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = (stream != null) ? ImageIO.getImageReaders(stream) : null;
			if (readers == null || !readers.hasNext()) {
				throw new InvalidAttemptException("image", "image must be a PNG or JPEG photo.");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(stream, true, true);
				String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
				if (!List.of("png", "jpeg", "jpg").contains(format)) {
					throw new InvalidAttemptException("image", "image must be a PNG or JPEG photo.");
				}
				if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
					throw new InvalidAttemptException("image", "image has too many pixels; send a photo under 40 MP.");
				}
				return reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidAttemptException invalid) {
				throw invalid;
			}
			throw new InvalidAttemptException("image", "image could not be read as a PNG or JPEG photo.");
		}
	}

	/** The barcode's text, if one can be read. */
	static Optional<String> decode(BufferedImage image) {
		for (int quarterTurns : new int[] { 0, 1, 3 }) {
			BufferedImage turned = (quarterTurns == 0) ? image : rotate(image, quarterTurns);
			try {
				BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(turned)));
				Result result = new PDF417Reader().decode(bitmap, HINTS);
				return Optional.of(result.getText());
			}
			catch (ReaderException ex) {
				// Not found at this angle; try the next.
			}
		}
		return Optional.empty();
	}

	private static BufferedImage rotate(BufferedImage image, int quarterTurns) {
		int width = image.getWidth();
		int height = image.getHeight();
		AffineTransform turn = new AffineTransform();
		if (quarterTurns == 1) {
			turn.translate(height, 0);
		}
		else {
			turn.translate(0, width);
		}
		turn.quadrantRotate(quarterTurns);
		BufferedImage target = new BufferedImage(height, width, BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D graphics = target.createGraphics();
		try {
			graphics.drawImage(image, turn, null);
		}
		finally {
			graphics.dispose();
		}
		return target;
	}

	private static Map<DecodeHintType, Object> hints() {
		Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
		hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
		hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.PDF_417));
		return hints;
	}

}
