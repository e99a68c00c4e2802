package dev.stile.method;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
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

	// Larger photos are decoded at a fraction of their resolution (every second or
	// third pixel), which a licence's barcode survives, so that one photo never holds
	// more than a few tens of megabytes of heap.
	static final long MAX_DECODED_PIXELS = 8_000_000L;

	// Photos read at once: one per core, the most that helps, and one per 64 MB of heap
	// beyond the first 64 MB, so that a small heap reads one at a time. The others wait
	// their turn rather than fill the heap.
	private static final Semaphore READING = new Semaphore(
			permits(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory()), true);

	private static final Duration MAX_WAIT = Duration.ofSeconds(20);

	private static final Map<DecodeHintType, Object> HINTS = hints();

	private Pdf417Reader() {
	}

	/**
	 * The barcode's text in the photo, if one can be read; a turn among the photos being
	 * read is waited for.
	 * @throws InvalidAttemptException if the bytes are not a PNG or JPEG of acceptable
	 * size
	 * @throws ReadingCapacityException if no turn came within 20 s
	 */
	static Optional<String> read(byte[] bytes) {
		boolean turn;
		try {
			turn = READING.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReadingCapacityException();
		}
		if (!turn) {
			throw new ReadingCapacityException();
		}
		try {
			return decode(image(bytes));
		}
		finally {
			READING.release();
		}
	}

	/**
	 * The image in shades of grey, all a barcode needs, if the bytes are a PNG or JPEG of
	 * acceptable size; above {@link #MAX_DECODED_PIXELS} at a reduced resolution.
	 */
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
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > MAX_PIXELS) {
					throw new InvalidAttemptException("image", "image has too many pixels; send a photo under 40 MP.");
				}
				ImageReadParam param = reader.getDefaultReadParam();
				int step = subsampling(pixels);
				if (step > 1) {
					param.setSourceSubsampling(step, step, 0, 0);
				}
				return grey(reader.read(0, param));
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

	static int permits(int processors, long maxHeapBytes) {
		long byHeap = maxHeapBytes / (64L * 1024 * 1024) - 1;
		return (int) Math.max(1, Math.min(processors, byHeap));
	}

	/**
	 * The smallest step in both directions that keeps a picture within the decoding
	 * limit.
	 */
	static int subsampling(long pixels) {
		int step = 1;
		while (pixels > MAX_DECODED_PIXELS * step * step) {
			step++;
		}
		return step;
	}

	private static BufferedImage grey(BufferedImage image) {
		if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
			return image;
		}
		BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D graphics = grey.createGraphics();
		try {
			graphics.drawImage(image, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
		return grey;
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
		BufferedImage target = new BufferedImage(height, width, BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D graphics = target.createGraphics();
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
