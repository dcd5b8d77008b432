package dev.mallard.server;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.ReadAheadReader;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import dev.mallard.wire.FlightUpload;
import dev.mallard.wire.MallardAction;
import dev.mallard.wire.MallardAction.CommitStaged;
import dev.mallard.wire.PutCommand;
import dev.mallard.wire.QueryTicket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * A direct TRANSFER as N partitions sent side by side, landing all or nothing. Each partition is
 * streamed from its own connection (checked against the plan like a partitioned GET) into a
 * staging table of its own on the target, {@code mallard_staging_<transfer id>_<n>} with a random
 * id, so concurrent transfers never collide. Only when every partition has landed does the target
 * run {@code commit_staged}: one transaction that writes the staging tables into the target with the
 * request's mode and drops them. If any partition fails, the others are cancelled, the staging
 * tables are dropped, and the target table is as before. The price is a second, in-process copy on
 * the target; DuckDB cannot feed one transaction from several connections.
 */
final class PartitionedTransfer {
  private PartitionedTransfer() {}

  static StreamStats run(List<QueryTicket> partitions, ServerCalls calls, BufferAllocator allocator,
      FlightClient target, String targetTable, PutMode mode, int batchSize,
      dev.mallard.arrow.IpcCompression compression, java.util.function.BooleanSupplier callCancelled,
      CallOption... credentials) throws Exception {
    int prefetch = calls.config().prefetchBatches();
    String transferId = SqlIdentifiers.uniqueName("");
    List<String> staging = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      staging.add(CommitStaged.stagingName(transferId, i));
    }
    long start = System.nanoTime();
    // the partition that fails first holds the cause; the others then fail only because they were cancelled
    java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(partitions.size(), runnable -> {
      Thread thread = new Thread(runnable, "mallard-transfer-partition");
      thread.setDaemon(true);
      return thread;
    });
    boolean committed = false;
    try {
      List<Future<StreamStats>> sends = new ArrayList<>();
      for (int i = 0; i < partitions.size(); i++) {
        QueryTicket partition = partitions.get(i);
        PutCommand put = new PutCommand(staging.get(i), PutMode.CREATE);
        sends.add(senders.submit(() -> {
          try (DuckDBConnection connection = calls.connect()) {
            String sql = PartitionPlanner.sqlToStream(connection, partition, false);
            try (QueryExport export = QueryExport.open(connection, sql, allocator, batchSize);
                ReadAheadReader ahead = prefetch > 0
                    ? new ReadAheadReader(allocator, export.reader(), prefetch, calls.readAhead())
                    : null) {
              ArrowReader source = ahead != null ? ahead : export.reader();
              return FlightUpload.upload(target, put, source, true, compression,
                  () -> failed.get() || callCancelled.getAsBoolean(), credentials);
            }
          } catch (Throwable t) {
            firstFailure.compareAndSet(null, t);
            failed.set(true);
            throw t;
          }
        }));
      }
      List<StreamStats> parts = new ArrayList<>();
      for (Future<StreamStats> send : sends) {
        try {
          parts.add(send.get());
        } catch (ExecutionException e) {
          firstFailure.compareAndSet(null, e.getCause());
        }
      }
      Throwable first = firstFailure.get();
      if (first != null) {
        throw first instanceof Exception ? (Exception) first : new RuntimeException(first);
      }
      if (callCancelled.getAsBoolean()) {
        throw org.apache.arrow.flight.CallStatus.CANCELLED.withDescription("the client cancelled the transfer")
            .toRuntimeException();
      }
      drain(target.doAction(MallardAction.COMMIT_STAGED.action(
          new CommitStaged(targetTable, mode, staging).toBytes()), credentials));
      committed = true;
      return StreamStats.combine(parts, System.nanoTime() - start);
    } finally {
      senders.shutdownNow();
      if (!committed) {
        dropStaging(target, staging, credentials);
      }
    }
  }

  /** Best effort: a staging table that never got created, or that commit_staged already dropped, is not there. */
  private static void dropStaging(FlightClient target, List<String> staging, CallOption... credentials) {
    for (String name : staging) {
      try {
        drain(target.doAction(MallardAction.DROP_TABLE.action(new MallardAction.DropTable(name).toBytes()),
            credentials));
      } catch (RuntimeException notThereOrUnreachable) {
        // the transfer's own failure is the one reported
      }
    }
  }

  private static void drain(Iterator<Result> results) {
    while (results.hasNext()) {
      results.next();
    }
  }
}
