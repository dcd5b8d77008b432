package dev.mallard.arrow;

import java.util.Locale;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.netty.NettyAllocationManager;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;

/**
 * The two Arrow allocation managers we ship. Chosen explicitly per root allocator rather than via
 * the {@code arrow.allocation.manager.type} property, which is read once per JVM: this way a
 * benchmark parameter or a server flag picks it, and tests can use both in one JVM.
 */
public enum AllocatorKind {
  NETTY(NettyAllocationManager.FACTORY),
  UNSAFE(UnsafeAllocationManager.FACTORY);

  private final AllocationManager.Factory factory;

  AllocatorKind(AllocationManager.Factory factory) {
    this.factory = factory;
  }

  /** A root whose allocators (it and every child) signal releases, so closing can await them: see {@link ReleaseSignal}. */
  public BufferAllocator newRoot(long limit) {
    return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(factory).maxAllocation(limit)
        .listener(new ReleaseSignal()).build());
  }

  public BufferAllocator newRoot() {
    return newRoot(Long.MAX_VALUE);
  }

  /** Parses "netty" / "unsafe" (any case); the error names the accepted values. */
  public static AllocatorKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown allocator '" + name + "': use netty or unsafe", e);
    }
  }

  /** What {@code arrow.allocation.manager.type} would select, defaulting to Netty like Arrow. */
  public static AllocatorKind fromSystemProperty() {
    String configured = System.getProperty("arrow.allocation.manager.type");
    return configured == null ? NETTY : parse(configured);
  }
}
