package dev.mallard.server;

import dev.mallard.arrow.PutMode;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;

/**
 * A Flight SQL bulk ingest in Mallard's PUT terms. Flight SQL says what to do if the table exists
 * and if it does not; PUT modes cover every combination but "must already exist", which is checked
 * before ingesting. Tables live in the default schema, as for PUT.
 */
record IngestTarget(String table, PutMode mode, boolean mustExist) {

  static IngestTarget of(CommandStatementIngest command) {
    String table = command.getTable();
    if (table.isEmpty()) {
      throw invalid("the ingest names no table");
    }
    if (command.getTemporary()) {
      throw invalid("temporary tables are not supported: each call has its own connection, so the table would"
          + " vanish when the ingest ends");
    }
    if (command.hasTransactionId()) {
      throw invalid("transactions are not supported; every ingest is its own transaction");
    }
    if ((command.hasCatalog() && !command.getCatalog().isEmpty())
        || (command.hasSchema() && !command.getSchema().isEmpty() && !"main".equals(command.getSchema()))) {
      throw invalid("ingest writes to the default schema only; leave catalog and schema unset");
    }
    TableDefinitionOptions options = command.getTableDefinitionOptions();
    TableExistsOption ifExists = options.getIfExists();
    boolean create = options.getIfNotExist() != TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL;
    switch (ifExists) {
      case TABLE_EXISTS_OPTION_REPLACE:
        return new IngestTarget(table, PutMode.REPLACE, !create);
      case TABLE_EXISTS_OPTION_APPEND:
        return new IngestTarget(table, PutMode.APPEND, !create);
      case TABLE_EXISTS_OPTION_FAIL:
      case TABLE_EXISTS_OPTION_UNSPECIFIED:
        // Flight SQL's default is to fail on an existing table
        if (!create) {
          throw invalid("if_exists FAIL with if_not_exist FAIL can never succeed");
        }
        return new IngestTarget(table, PutMode.CREATE, false);
      default:
        throw invalid("unknown if_exists option " + ifExists);
    }
  }

  private static RuntimeException invalid(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }
}
