package dev.stile.method;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.pdf417.PDF417Reader;
import org.w3c.dom.Node;

/**
 * Finds and decodes the PDF417 barcode in a photo, in memory. Photos are taken at any
 * angle, so a failed read is retried turned a quarter each way. What a photo would cost
 * to decode is judged from its header before any pixel is decoded.
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

	private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

	private Pdf417Reader() {
	}

	/**
	 * The barcode's text in the photo, if one can be read; a turn among the photos being
	 * read is waited for, once the header has shown the photo to be within budget.
	 * @throws ImageRefusedException if the bytes are not a PNG or JPEG the budget allows
	 * @throws ReadingCapacityException if no turn came within 20 s
	 */
	static Optional<String> read(byte[] bytes) {
		return open(bytes, (reader, param) -> {
			takeTurn();
			try {
				return decode(grey(reader.read(0, param)));
			}
			finally {
				READING.release();
			}
		});
	}

	/**
	 * The image in shades of grey, all a barcode needs, if the bytes are a PNG or JPEG
	 * within budget; above {@link #MAX_DECODED_PIXELS} at a reduced resolution.
	 * @throws ImageRefusedException if they are not
	 */
	static BufferedImage image(byte[] bytes) {
		return open(bytes, (reader, param) -> grey(reader.read(0, param)));
	}

	private static void takeTurn() {
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
	}

	/**
	 * Reads the header of the photo in {@code bytes}, checks it against the budget and
	 * hands the positioned reader to {@code decoding}. The photo stays in memory: a
	 * stream made by {@code ImageIO.createImageInputStream} could cache it in a file.
	 */
	private static <T> T open(byte[] bytes, Decoding<T> decoding) {
		try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
			if (!readers.hasNext()) {
				throw ImageRefusedException.unreadable();
			}
			ImageReader reader = readers.next();
			try {
				// Not forward-only: the header of a large JPEG is read to its end before
				// decoding
				// starts again from the beginning (the bytes are in memory anyway).
				reader.setInput(stream, false, false);
				String format = reader.getFormatName().toLowerCase(Locale.ROOT);
				if (!List.of("png", "jpeg", "jpg").contains(format)) {
					throw ImageRefusedException.unreadable();
				}
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > MAX_PIXELS) {
					throw new ImageRefusedException("image_too_large",
							"The photo has too many pixels; send one under 40 megapixels.");
				}
				if (pixels > MAX_DECODED_PIXELS && !format.equals("png") && isMultiScan(reader)) {
					throw new ImageRefusedException("image_too_large",
							"The photo is a progressive (multi-scan) JPEG over 8 megapixels, which cannot be read at a "
									+ "reduced resolution; send a smaller photo, a baseline JPEG or a PNG.");
				}
				ImageReadParam param = reader.getDefaultReadParam();
				int step = subsampling(pixels);
				if (step > 1) {
					param.setSourceSubsampling(step, step, 0, 0);
				}
				return decoding.decode(reader, param);
			}
			finally {
				reader.dispose();
			}
		}
		catch (ImageRefusedException | ReadingCapacityException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw ImageRefusedException.unreadable();
		}
	}

	/**
	 * Whether the JPEG is stored in several scans (progressive, or sequential with one
	 * scan per colour). Such a picture is decoded only once every scan has been read, so
	 * the decoder holds the coefficients of every pixel at full resolution, whatever
	 * subsampling was asked for: about 2 bytes a pixel and colour component, 120 MB for a
	 * 6300 × 6300 colour photo of a few hundred kilobytes. The metadata is read from the
	 * markers alone, without decoding.
	 */
	private static boolean isMultiScan(ImageReader reader) throws IOException {
		IIOMetadata metadata = reader.getImageMetadata(0);
		if (metadata == null || !Arrays.asList(metadata.getMetadataFormatNames()).contains(JPEG_METADATA)) {
			return true;
		}
		Node markers = child(metadata.getAsTree(JPEG_METADATA), "markerSequence");
		if (markers == null) {
			return true;
		}
		int scans = 0;
		for (Node marker = markers.getFirstChild(); marker != null; marker = marker.getNextSibling()) {
			if ("sof".equals(marker.getNodeName())) {
				Node process = marker.getAttributes().getNamedItem("process");
				if (process != null && "2".equals(process.getNodeValue())) {
					return true;
				}
			}
			else if ("sos".equals(marker.getNodeName())) {
				scans++;
			}
		}
		return scans != 1;
	}

	private static Node child(Node parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (name.equals(node.getNodeName())) {
				return node;
			}
		}
		return null;
	}

	/** What is done with a reader positioned on a photo within budget. */
	@FunctionalInterface
	private interface Decoding<T> {

		T decode(ImageReader reader, ImageReadParam param) throws IOException;

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
