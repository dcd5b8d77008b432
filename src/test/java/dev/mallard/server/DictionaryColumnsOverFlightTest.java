package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.PutMode;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.DictionaryColumnReader;
import dev.mallard.testing.DictionaryColumnReader.Batch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.MidStreamDictionary;
import org.apache.arrow.flight.OutboundStreamListener;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dictionary-encoded columns (pandas categoricals, polars Categoricals, DuckDB ENUMs) on every
 * path, sent and read with Arrow's plain {@code FlightClient} as well as {@code MallardClient}:
 * what lands is checked value by value, and every allocator ends empty (the base class).
 */
class DictionaryColumnsOverFlightTest extends ServerPairTestBase {
  private static final String[] COLOURS = {"red", null, "green", "blue"};
  /** An ENUM column over several batches, with NULLs; its text form is {@link #ENUM_AS_TEXT}. */
  private static final String ENUM_QUERY = "SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL"
      + " ELSE (['x', 'y', 'z'])[i % 3 + 1] END::ENUM('x', 'y', 'z') AS e FROM range(5000) t(i)";
  private static final String ENUM_AS_TEXT = "SELECT e::VARCHAR FROM (" + ENUM_QUERY + ") ORDER BY id";

  /** How the uploads below change the dictionary between batches, as pyarrow can. */
  private enum Changes { NONE, REPLACE, DELTA }

  // ---- PUT ----

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 32, 64})
  void plainClientPutOfEveryIndexWidthWithNullsLandsAsVarchar(int width) throws Exception {
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(width, true), List.of(
        Batch.of(COLOURS, 0, 1, null, 2, 3), Batch.of(COLOURS, 3, null, 0), Batch.of(COLOURS, 2, 2, 1)))) {
      plainUpload(one, FlightDescriptor.path("colours"), reader, Changes.NONE);
      assertEquals(reader.expectedValues(), text(client1, "SELECT v FROM colours ORDER BY id"));
    }
    assertEquals(List.of("VARCHAR"), text(client1, "SELECT DISTINCT typeof(v) FROM colours"));
  }

  @Test
  void pandasCategoricalPutThroughMallardClient() throws Exception {
    // pa.Table.from_pandas of a category column: dictionary<int8, utf8>, missing values as null indices
    String[] categories = {"low", "mid", "high"};
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(8, true), List.of(
        Batch.of(categories, 0, null, 2, 1, 1), Batch.of(categories, null, null, 2)))) {
      assertEquals(8, client1.put("categorical", reader, PutMode.CREATE).rows());
      assertEquals(reader.expectedValues(), text(client1, "SELECT v FROM categorical ORDER BY id"));
    }
  }

  @Test
  void plainClientPutWithTheDictionaryReplacedBetweenLargeBatches() throws Exception {
    List<Batch> batches = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      String[] dictionary = new String[11];
      for (int j = 0; j < 10; j++) {
        dictionary[j] = "b" + b + "_" + j;
      }
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        // crosses DuckDB's 2048-row vectors; index 10 is the null value, every 12th index null
        indices.add(i % 12 == 11 ? null : (i * 7 + b) % 11);
      }
      batches.add(new Batch(java.util.Arrays.asList(dictionary), indices));
    }
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(16, true), batches)) {
      plainUpload(one, FlightDescriptor.path("replaced"), reader, Changes.REPLACE);
      assertEquals(reader.expectedValues(), text(client1, "SELECT v FROM replaced ORDER BY id"));
    }
  }

  @Test
  void deltaDictionaryIsRefusedAndTheTableStaysAsItWas() throws Exception {
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(32, true), List.of(
        Batch.of(new String[] {"a", "b"}, 0, 1), Batch.of(new String[] {"a", "b", "c", "d"}, 3, 2, 0)))) {
      FlightRuntimeException refused = assertThrows(FlightRuntimeException.class,
          () -> plainUpload(one, FlightDescriptor.path("grown"), reader, Changes.DELTA));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, refused.status().code(), refused.getMessage());
      assertTrue(refused.getMessage().contains("delta dictionaries are not supported"), refused.getMessage());
      assertFalse(refused.getMessage().contains("\tat "), "no stack trace in the message: " + refused.getMessage());
    }
    assertEquals(List.of(), text(client1, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'grown'"));
  }

  @Test
  void mallardClientRefusesToUploadADictionaryItCouldNotSendAgain() throws Exception {
    // Arrow Java's Flight sends dictionaries only at the start: a changed one would be misread
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(8, true), List.of(
        Batch.of(COLOURS, 0, 2), Batch.of(new String[] {"other"}, 0)))) {
      Exception refused = assertThrows(Exception.class, () -> client1.put("changed", reader, PutMode.CREATE));
      assertTrue(String.valueOf(refused.getMessage()).contains("changed mid-stream"), String.valueOf(refused));
    }
    assertEquals(List.of(), text(client1, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'changed'"));
  }

  @Test
  void flightSqlBulkIngestOfADictionaryColumn() throws Exception {
    // Arrow Java's FlightSqlClient.executeIngest starts its upload without a dictionary provider,
    // so it cannot send these at all; a plain client sends the same command with startPut
    CommandStatementIngest ingest = CommandStatementIngest.newBuilder().setTable("ingested")
        .setTableDefinitionOptions(TableDefinitionOptions.newBuilder()
            .setIfNotExist(TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
            .setIfExists(TableExistsOption.TABLE_EXISTS_OPTION_FAIL))
        .build();
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(64, true), List.of(
        Batch.of(COLOURS, 0, 1, null), Batch.of(new String[] {"other", "colours"}, 1, 0, null)))) {
      plainUpload(one, FlightDescriptor.command(Any.pack(ingest).toByteArray()), reader, Changes.REPLACE);
      assertEquals(reader.expectedValues(), text(client1, "SELECT v FROM ingested ORDER BY id"));
    }
  }

  // ---- GET, Flight SQL query ----

  @Test
  void getOfAnEnumIsADictionaryColumn() throws Exception {
    try (FlightClient plain = FlightClient.builder(allocator, one.location()).build()) {
      assertEquals(List.of("b"), decoded(plain.getStream(ticket("SELECT 'b'::ENUM('a', 'b') AS v")), "v"));
      FlightInfo info = plain.getInfo(FlightDescriptor.command(ENUM_QUERY.getBytes(StandardCharsets.UTF_8)));
      Field announced = info.getSchema().findField("e");
      assertNotNull(announced.getDictionary(), "the ENUM is announced dictionary-encoded");
      assertInstanceOf(ArrowType.Utf8.class, announced.getType(), "announced by its values, not its indices");
      assertEquals(text(client1, ENUM_AS_TEXT),
          decoded(plain.getStream(ticket("{\"sql\": \"" + ENUM_QUERY + " ORDER BY id\", \"batch_size\": 500}")), "e"));
      assertEquals(List.of(), decoded(plain.getStream(ticket(ENUM_QUERY + " LIMIT 0")), "e"));
    }
  }

  @Test
  void compressedGetOfAnEnumStillCarriesItsDictionary() throws Exception {
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, "zstd");
    try (FlightClient plain = FlightClient.builder(allocator, one.location()).build()) {
      assertEquals(text(client1, ENUM_AS_TEXT), decoded(plain.getStream(
          ticket(ENUM_QUERY + " ORDER BY id"), new HeaderCallOption(headers)), "e"));
    }
  }

  @Test
  void flightSqlQueryOfAnEnum() throws Exception {
    try (FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(allocator, one.location()).build())) {
      FlightInfo info = sql.execute(ENUM_QUERY + " ORDER BY id");
      assertNotNull(info.getSchema().findField("e").getDictionary());
      assertEquals(text(client1, ENUM_AS_TEXT), decoded(sql.getStream(info.getEndpoints().get(0).getTicket()), "e"));
    }
  }

  // ---- EXCHANGE ----

  @Test
  void exchangersSeeDecodedInputEvenWhenTheDictionaryIsReplaced() throws Exception {
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(8, true), List.of(
            Batch.of(COLOURS, 0, 1, null, 3), Batch.of(new String[] {"x", null}, 1, 0, null)));
        FlightClient plain = FlightClient.builder(allocator, one.location()).build();
        FlightClient.ExchangeReaderWriter call = plain.doExchange(command("{\"exchanger\": \"echo\"}"))) {
      // write everything, then read: the lazy way a plain client may use an exchange
      writeAll(call.getWriter(), reader, Changes.REPLACE);
      List<String> echoed = new ArrayList<>();
      FlightStream output = call.getReader();
      assertNull(output.getSchema().findField("v").getDictionary(), "the echo exchanger saw plain strings");
      while (output.next()) {
        VarCharVector values = (VarCharVector) output.getRoot().getVector("v");
        for (int i = 0; i < output.getRoot().getRowCount(); i++) {
          echoed.add(values.isNull(i) ? null : values.getObject(i).toString());
        }
      }
      call.getResult();
      assertEquals(reader.expectedValues(), echoed);
    }
  }

  @Test
  void sqlExchangerInAndEnumOut() throws Exception {
    String command = "{\"exchanger\": \"sql\", \"sql\": \"SELECT id, v::ENUM('red', 'green', 'blue') AS v FROM input\"}";
    List<String> viaMallard = new ArrayList<>();
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(32, true), List.of(
            Batch.of(COLOURS, 0, 1, null, 3), Batch.of(COLOURS, 2, 0)));
        FlightClient plain = FlightClient.builder(allocator, one.location()).build();
        FlightClient.ExchangeReaderWriter call = plain.doExchange(command(command))) {
      writeAll(call.getWriter(), reader, Changes.NONE);
      assertEquals(reader.expectedValues(), decoded(call.getReader(), "v"));
      call.getResult();
    }
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(32, true), List.of(
        Batch.of(COLOURS, 0, 1, null, 3), Batch.of(COLOURS, 2, 0)))) {
      client1.exchange(command, reader, batch -> viaMallard.add(String.valueOf(batch.getRowCount())));
    }
    assertEquals(6, viaMallard.stream().mapToInt(Integer::parseInt).sum());
  }

  // ---- TRANSFER ----

  @Test
  void directAndRelayTransferOfAnEnumLandAsItsValues() throws Exception {
    assertEquals(5000, client1.transferDirect(client2, ENUM_QUERY, "direct", PutMode.CREATE, 700).rows());
    assertEquals(5000, client1.transferRelay(client2, ENUM_QUERY, "relayed", PutMode.CREATE, 700).rows());
    List<String> expected = text(client1, ENUM_AS_TEXT);
    assertEquals(expected, text(client2, "SELECT e FROM direct ORDER BY id"));
    assertEquals(expected, text(client2, "SELECT e FROM relayed ORDER BY id"));
  }

  @Test
  void directTransferOfAPutCategoricalColumn() throws Exception {
    try (DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(16, true), List.of(
        Batch.of(COLOURS, 0, 1, null, 2, 3), Batch.of(new String[] {"b", "a"}, 1, 0)))) {
      plainUpload(one, FlightDescriptor.path("source"), reader, Changes.REPLACE);
      client1.transferDirect(client2, "SELECT * FROM source", "copy", PutMode.CREATE, 0);
      assertEquals(reader.expectedValues(), text(client2, "SELECT v FROM copy ORDER BY id"));
    }
  }

  // ---- helpers ----

  /**
   * Uploads like a plain Arrow Java client: the first batch loaded so its dictionary goes out with
   * the schema, and later changes sent as pyarrow would (see {@link MidStreamDictionary}).
   */
  private void plainUpload(MallardServer server, FlightDescriptor descriptor, DictionaryColumnReader reader,
      Changes changes) throws Exception {
    try (FlightClient plain = FlightClient.builder(allocator, server.location()).build();
        SyncPutListener results = new SyncPutListener()) {
      assertTrue(reader.loadNextBatch());
      FlightClient.ClientStreamListener stream = plain.startPut(descriptor, reader.getVectorSchemaRoot(), reader,
          results);
      writeLoaded(stream, reader, changes);
      stream.getResult();
      results.read().close();
    }
  }

  private static void writeAll(FlightClient.ClientStreamListener writer, DictionaryColumnReader reader,
      Changes changes) throws Exception {
    assertTrue(reader.loadNextBatch());
    writer.start(reader.getVectorSchemaRoot(), reader);
    writeLoaded(writer, reader, changes);
  }

  /** Writes the loaded batch and all the rest, then completes. */
  private static void writeLoaded(OutboundStreamListener stream, DictionaryColumnReader reader, Changes changes)
      throws Exception {
    int sentValues = reader.lookup(DictionaryColumnReader.DICTIONARY_ID).getVector().getValueCount();
    do {
      FieldVector dictionary = reader.lookup(DictionaryColumnReader.DICTIONARY_ID).getVector();
      if (changes == Changes.REPLACE) {
        MidStreamDictionary.send(stream, DictionaryColumnReader.DICTIONARY_ID, dictionary, false);
      } else if (changes == Changes.DELTA && dictionary.getValueCount() > sentValues) {
        try (VarCharVector added = new VarCharVector("v", dictionary.getAllocator())) {
          for (int i = sentValues; i < dictionary.getValueCount(); i++) {
            added.setSafe(i - sentValues, ((VarCharVector) dictionary).get(i));
          }
          added.setValueCount(dictionary.getValueCount() - sentValues);
          MidStreamDictionary.send(stream, DictionaryColumnReader.DICTIONARY_ID, added, true);
        }
        sentValues = dictionary.getValueCount();
      }
      stream.putNext();
    } while (reader.loadNextBatch());
    stream.completed();
  }

  /** A column of a Flight stream as text, decoding it with the stream's dictionary if it is encoded. */
  private static List<String> decoded(FlightStream stream, String column) throws Exception {
    List<String> values = new ArrayList<>();
    try (stream) {
      while (stream.next()) {
        FieldVector vector = stream.getRoot().getVector(column);
        if (vector.getField().getDictionary() == null) {
          addAll(values, vector);
          continue;
        }
        DictionaryProvider dictionaries = stream.getDictionaryProvider();
        Dictionary dictionary = dictionaries.lookup(vector.getField().getDictionary().getId());
        assertInstanceOf(ArrowType.Utf8.class, dictionary.getVector().getField().getType());
        try (ValueVector plain = DictionaryEncoder.decode(vector, dictionary)) {
          addAll(values, plain);
        }
      }
    }
    return values;
  }

  private static void addAll(List<String> values, ValueVector vector) {
    for (int i = 0; i < vector.getValueCount(); i++) {
      values.add(vector.isNull(i) ? null : Objects.toString(vector.getObject(i)));
    }
  }

  /** The first column of a query's result, as text. */
  private static List<String> text(MallardClient client, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    client.get(sql, 0, (VectorSchemaRoot root) -> addAll(values, root.getVector(0)));
    return values;
  }

  private static Ticket ticket(String sql) {
    return new Ticket(sql.getBytes(StandardCharsets.UTF_8));
  }

  private static FlightDescriptor command(String text) {
    return FlightDescriptor.command(text.getBytes(StandardCharsets.UTF_8));
  }
}
