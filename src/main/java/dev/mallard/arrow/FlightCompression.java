package dev.mallard.arrow;

import java.lang.reflect.Field;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.OutboundStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * Sending compressed Arrow IPC bodies over Flight. The protocol carries them, and Arrow Java reads
 * them whenever arrow-compression is on the class path (its {@code VectorLoader} finds the codecs
 * through ServiceLoader), but Arrow Java's Flight 18.3 cannot send them:
 * {@code OutboundStreamListenerImpl.start} builds its {@code VectorUnloader} without a codec and
 * offers no hook. So this swaps that unloader for one with a codec. It is tied to Arrow's private
 * field name, so the field is looked up only when a call first asks for compression, and if an
 * Arrow upgrade renames it only compressed calls fail, with UNIMPLEMENTED saying why; uncompressed
 * calls never touch reflection. {@code CompressionTest} fails on such an upgrade.
 */
public final class FlightCompression {
  private FlightCompression() {}

  /**
   * Makes every later {@code putNext} of {@code listener} send {@code root}'s batches with
   * {@code compression}. Call it right after {@code listener.start(root)}, and call the returned
   * policy's {@link SentCompression#sent} after each {@code putNext}.
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException UNIMPLEMENTED when ZSTD is asked for and
   *     this Arrow Flight version's listener cannot be given a codec ({@code auto} then stays plain)
   */
  public static SentCompression compressSent(OutboundStreamListener listener, VectorSchemaRoot root,
      IpcCompression compression) {
    switch (compression) {
      case NONE:
        return SentCompression.fixed();
      case ZSTD:
        setUnloader(listener, root, compression.newCodec(), Unloader.FIELD.require());
        return SentCompression.fixed();
      default:
        CompressionCodec zstd = IpcCompression.ZSTD.newCodec();
        return SentCompression.adaptive(next -> {
          if (Unloader.FIELD.field() != null) {
            setUnloader(listener, root, next == IpcCompression.ZSTD ? zstd : NoCompressionCodec.INSTANCE,
                Unloader.FIELD.field());
          }
        }, System::nanoTime);
    }
  }

  private static void setUnloader(OutboundStreamListener listener, VectorSchemaRoot root, CompressionCodec codec,
      Field unloader) {
    try {
      unloader.set(listener, new VectorUnloader(root, /* includeNullCount */ true, codec, /* alignBuffers */ true));
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw unavailable("cannot give " + listener.getClass().getName() + " a codec: " + e);
    }
  }

  /** Loaded on the first compressed call only (the holder idiom); never throws while loading. */
  private static final class Unloader {
    static final FieldLookup FIELD = FieldLookup.of("org.apache.arrow.flight.OutboundStreamListenerImpl", "unloader");
  }

  /** A private field of Arrow's, or why it is not there. */
  record FieldLookup(Field field, String problem) {
    static FieldLookup of(String className, String name) {
      try {
        Field field = Class.forName(className).getDeclaredField(name);
        field.setAccessible(true);
        return new FieldLookup(field, null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new FieldLookup(null, "this Arrow Flight version has no " + className + "." + name
            + ", which Mallard's IPC compression replaces: " + e);
      }
    }

    Field require() {
      if (field == null) {
        throw unavailable(problem);
      }
      return field;
    }
  }

  private static RuntimeException unavailable(String why) {
    return CallStatus.UNIMPLEMENTED
        .withDescription("IPC compression is unavailable; ask for none. " + why)
        .toRuntimeException();
  }
}
