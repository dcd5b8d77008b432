package dev.mallard.exchange;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The original Python project's exchanger, kept under its name {@code my_streaming_exchanger}:
 * every batch comes back with an extra BOOLEAN column {@code processed}, all true. The input's
 * vectors are passed through by reference; only the flag column is new memory.
 */
public final class ProcessedFlagExchanger implements Exchanger {
  static final String FLAG = "processed";
  private static final Field FLAG_FIELD = new Field(FLAG, FieldType.nullable(ArrowType.Bool.INSTANCE), null);

  @Override
  public String name() {
    return "my_streaming_exchanger";
  }

  @Override
  public String description() {
    return "Returns every batch with an added BOOLEAN column 'processed' = true";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    Schema inputSchema = context.inputSchema();
    for (Field field : inputSchema.getFields()) {
      if (field.getName().equalsIgnoreCase(FLAG)) {
        throw new IllegalArgumentException(
            "the input already has a column named '" + field.getName() + "'; my_streaming_exchanger adds '"
                + FLAG + "', so rename or drop that column first");
      }
    }
    Schema outputSchema = withFlag(inputSchema);
    BufferAllocator allocator = context.allocator();
    return new ExchangeSession() {
      private boolean sent;

      @Override
      public void onBatch(VectorSchemaRoot input, BatchSink output) throws Exception {
        int rows = input.getRowCount();
        // a fresh vector per batch: the sink may still hold the previous one's buffers in flight
        try (BitVector flag = allTrue(rows, allocator)) {
          List<FieldVector> vectors = new ArrayList<>(input.getFieldVectors());
          vectors.add(flag);
          // not closed: it would close the input's vectors, which the caller owns
          VectorSchemaRoot flagged = new VectorSchemaRoot(withFlag(input.getSchema()), vectors, rows);
          output.send(flagged);
          sent = true;
        }
      }

      @Override
      public void onEnd(BatchSink output) throws Exception {
        if (!sent) {
          try (VectorSchemaRoot empty = Batches.empty(outputSchema, allocator)) {
            output.send(empty);
          }
        }
      }
    };
  }

  private static Schema withFlag(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.getFields());
    fields.add(FLAG_FIELD);
    return new Schema(fields, schema.getCustomMetadata());
  }

  private static BitVector allTrue(int rows, BufferAllocator allocator) {
    BitVector flag = (BitVector) FLAG_FIELD.createVector(allocator);
    try {
      flag.allocateNew(rows);
      int bytes = BitVectorHelper.getValidityBufferSize(rows);
      flag.getValidityBuffer().setOne(0, bytes);
      flag.getDataBuffer().setOne(0, bytes);
      flag.setValueCount(rows);
      return flag;
    } catch (RuntimeException e) {
      flag.close();
      throw e;
    }
  }
}
