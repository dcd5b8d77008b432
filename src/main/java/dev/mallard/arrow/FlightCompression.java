package dev.mallard.arrow;

import java.lang.reflect.Field;
import org.apache.arrow.flight.OutboundStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;

/**
 * Sending compressed Arrow IPC bodies over Flight. The protocol carries them, and Arrow Java reads
 * them whenever arrow-compression is on the class path (its {@code VectorLoader} finds the codecs
 * through ServiceLoader), but Arrow Java's Flight 18.3 cannot send them:
 * {@code OutboundStreamListenerImpl.start} builds its {@code VectorUnloader} without a codec and
 * offers no hook. So this swaps that unloader for one with a codec. It is tied to Arrow's private
 * field name; the class fails to load, and the tests with it, if an Arrow upgrade renames it.
 */
public final class FlightCompression {
  private static final Field UNLOADER = field("org.apache.arrow.flight.OutboundStreamListenerImpl", "unloader");

  private FlightCompression() {}

  /**
   * Makes every later {@code putNext} of {@code listener} send {@code root}'s batches compressed.
   * Call it right after {@code listener.start(root)}.
   */
  public static void compressSent(OutboundStreamListener listener, VectorSchemaRoot root, IpcCompression compression) {
    if (compression == IpcCompression.NONE) {
      return;
    }
    set(UNLOADER, listener, new VectorUnloader(root, /* includeNullCount */ true, compression.newCodec(),
        /* alignBuffers */ true));
  }

  private static Field field(String className, String name) {
    try {
      Field field = Class.forName(className).getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError("this Arrow Flight version has no " + className + "." + name
          + ", which Mallard's IPC compression replaces: " + e);
    }
  }

  private static void set(Field field, Object target, Object value) {
    try {
      field.set(target, value);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot set up IPC compression on " + target.getClass().getName(), e);
    }
  }
}
