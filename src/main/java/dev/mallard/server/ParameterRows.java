package dev.mallard.server;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Parameter values a client sends for a prepared statement, read out of their Arrow batches into
 * the Java values DuckDB's JDBC driver binds. Parameter batches are a few rows, not bulk data.
 */
final class ParameterRows {
  static final int MAX_ROWS = 1_000_000;

  private ParameterRows() {}

  static List<Object[]> read(FlightStream stream) {
    List<Object[]> rows = new ArrayList<>();
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      if (rows.size() + root.getRowCount() > MAX_ROWS) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("more than " + MAX_ROWS + " parameter rows; load bulk data with an ingest (PUT) instead")
            .toRuntimeException();
      }
      for (int row = 0; row < root.getRowCount(); row++) {
        Object[] values = new Object[root.getFieldVectors().size()];
        for (int column = 0; column < values.length; column++) {
          values[column] = javaValue(root.getVector(column), row);
        }
        rows.add(values);
      }
    }
    return rows;
  }

  static void bind(PreparedStatement statement, Object[] row) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      statement.setObject(i + 1, row[i]);
    }
  }

  private static Object javaValue(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DateDayVector days) {
      return LocalDate.ofEpochDay(days.get(row));
    }
    if (vector instanceof DateMilliVector millis) {
      return LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L));
    }
    if (vector instanceof TimeStampVector stamps) {
      return timestamp(stamps, row);
    }
    if (vector instanceof TimeSecVector seconds) {
      return LocalTime.ofSecondOfDay(seconds.get(row));
    }
    if (vector instanceof TimeMilliVector millis) {
      return LocalTime.ofNanoOfDay(millis.get(row) * 1_000_000L);
    }
    if (vector instanceof TimeMicroVector micros) {
      return LocalTime.ofNanoOfDay(micros.get(row) * 1_000L);
    }
    if (vector instanceof TimeNanoVector nanos) {
      return LocalTime.ofNanoOfDay(nanos.get(row));
    }
    if (vector instanceof BaseIntVector && isUnsigned(vector)) {
      // unsigned vectors hand out signed Java values; DuckDB range-checks the widened one
      return ((BaseIntVector) vector).getValueAsLong(row);
    }
    Object value = vector.getObject(row);
    if (value instanceof Text text) {
      return text.toString();
    }
    return value;
  }

  private static boolean isUnsigned(FieldVector vector) {
    return vector.getField().getType() instanceof ArrowType.Int type && !type.getIsSigned() && type.getBitWidth() < 64;
  }

  private static Object timestamp(TimeStampVector vector, int row) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
    long value = vector.get(row);
    TimeUnit unit = switch (type.getUnit()) {
      case SECOND -> TimeUnit.SECONDS;
      case MILLISECOND -> TimeUnit.MILLISECONDS;
      case MICROSECOND -> TimeUnit.MICROSECONDS;
      case NANOSECOND -> TimeUnit.NANOSECONDS;
    };
    long seconds = unit.toSeconds(value);
    long remainder = value - unit.convert(seconds, TimeUnit.SECONDS);
    if (remainder < 0) {
      seconds -= 1;
      remainder += unit.convert(1, TimeUnit.SECONDS);
    }
    Instant instant = Instant.ofEpochSecond(seconds, unit.toNanos(remainder));
    if (type.getTimezone() == null) {
      return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
