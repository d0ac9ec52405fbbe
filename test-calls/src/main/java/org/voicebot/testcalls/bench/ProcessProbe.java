package org.voicebot.testcalls.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This JVM's CPU time, resident memory, heap after GC, live threads and open file descriptors (Linux). */
public final class ProcessProbe {

  private ProcessProbe() {}

  /** CPU time of the whole process (all threads), nanoseconds; -1 if the JVM cannot tell. */
  public static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** CPU over wall time in percent of one core (a busy 2-core machine reads 200). */
  public static double cpuPercent(long cpuNanosDelta, long wallNanosDelta) {
    return wallNanosDelta <= 0 || cpuNanosDelta < 0 ? 0 : 100.0 * cpuNanosDelta / wallNanosDelta;
  }

  /** VmRSS from /proc/self/status in MB; -1 where there is no /proc. */
  public static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Heap in use right after a full collection, MB. */
  public static double heapAfterGcMb() {
    System.gc();
    System.gc(); // the second pass picks up what finalization/reference processing freed
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  /**
   * Heap in use after the most recent collection of each pool, MB, without forcing one (a forced full GC
   * during a measured run would stall every event loop and show up as blocked threads).
   */
  public static double heapAfterLastGcMb() {
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used / (1024.0 * 1024.0);
  }

  public static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Entries in /proc/self/fd; -1 where there is no /proc. */
  public static int openFds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
