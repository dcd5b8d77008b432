package dev.mallard.server;

import org.apache.arrow.flight.FlightProducer.CallContext;

/** Tells what the caller of one Flight call may do. */
@FunctionalInterface
public interface RoleResolver {
  /** What a call is allowed: read-only callers may query and exchange, but not change data. */
  enum Access { READ_ONLY, READ_WRITE, ADMIN }

  RoleResolver ALL_ADMIN = context -> Access.ADMIN;

  Access accessOf(CallContext context);
}
