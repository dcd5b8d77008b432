package dev.mallard.server;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.TableIngest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;

/**
 * Orders the writes that change which table a name means. DuckDB lets appends to an existing
 * table run side by side, but two transactions that both create (or replace, or drop) one name
 * conflict at commit, after the stream is spent and cannot be sent again. So per table name:
 * appends to an existing table share the lock; a write that creates, replaces or drops the table
 * holds it alone, for its whole stream, so a failed stream still leaves no table behind. Waiters
 * queue fairly, so a replace is not starved by a steady flow of appends.
 *
 * <p>This orders Mallard's own PUTs, Flight SQL ingests and drops. SQL statements sent as Flight SQL
 * updates do not take it; DuckDB reports their conflicts, which map to a retryable status.
 */
final class TableLocks {
  /** A lock held by the calling thread until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Entry {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    int holders;
  }

  // entries exist only while someone holds or waits for them, so the map stays as small as the writes in flight
  private final Map<String, Entry> entries = new HashMap<>();

  /** The lock a PUT or ingest in {@code mode} needs: shared only for an append to a table that exists. */
  Held forWrite(DuckDBConnection connection, String table, PutMode mode) throws SQLException, InterruptedException {
    if (mode == PutMode.APPEND) {
      Held shared = shared(table);
      boolean exists;
      try {
        exists = !TableIngest.columnsOf(connection, table).isEmpty();
      } catch (SQLException | RuntimeException e) {
        shared.close();
        throw e;
      }
      if (exists) {
        // nobody can drop or replace it while we hold this, so the append stays an append
        return shared;
      }
      shared.close();
    }
    return exclusive(table);
  }

  /** For dropping {@code table}: waits for the writes in flight. */
  Held exclusive(String table) throws InterruptedException {
    return acquire(table, true);
  }

  private Held shared(String table) throws InterruptedException {
    return acquire(table, false);
  }

  private Held acquire(String table, boolean exclusive) throws InterruptedException {
    // DuckDB identifiers are case-insensitive: "Trips" and "trips" are one table
    String key = table.toLowerCase(Locale.ROOT);
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(key, k -> new Entry());
      entry.holders++;
    }
    Lock lock = exclusive ? entry.lock.writeLock() : entry.lock.readLock();
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      release(key, entry);
      throw e;
    }
    return () -> {
      lock.unlock();
      release(key, entry);
    };
  }

  private void release(String key, Entry entry) {
    synchronized (entries) {
      if (--entry.holders == 0) {
        entries.remove(key);
      }
    }
  }

  /** Names with a lock held or waited for: zero when no write is in flight. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
