package dev.mallard.server;

import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.vector.types.pojo.Schema;

/** What a Mallard server tells Flight SQL clients about itself (JDBC's DatabaseMetaData reads these). */
final class ServerSqlInfo {
  private ServerSqlInfo() {}

  static SqlInfoBuilder build() {
    String arrowVersion = Schema.class.getPackage().getImplementationVersion();
    return new SqlInfoBuilder()
        .withFlightSqlServerName("Mallard (DuckDB)")
        .withFlightSqlServerVersion(MallardServer.version())
        .withFlightSqlServerArrowVersion(arrowVersion == null ? "unknown" : arrowVersion)
        .withFlightSqlServerReadOnly(false)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(false)
        .withFlightSqlServerBulkIngestion(true)
        .withFlightSqlServerBulkIngestionTransaction(false)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlSearchStringEscape("\\")
        .withSqlCatalogTerm("database")
        .withSqlSchemaTerm("schema")
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(true)
        .withSqlDdlTable(true)
        // DuckDB matches identifiers case-insensitively, quoted or not, and keeps the case they were created with
        .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlTransactionsSupported(false)
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true);
  }
}
