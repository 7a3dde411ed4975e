package dev.forgewatch.bench.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/** What a benchmark child process reports about itself at the end. */
final class ProcessStats {
    /** USER_HZ: 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS = 100;

    private ProcessStats() {
    }

    /** Peak resident set size in KiB (Linux VmHWM), or -1 where /proc is not available. */
    static long peakRssKib() {
        return peakRssKib(ProcessHandle.current().pid());
    }

    static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static final AtomicLong PEAK_LIVE_HEAP = new AtomicLong(-1);
    private static final AtomicLong PEAK_FULL_GC_LIVE_HEAP = new AtomicLong(-1);
    private static final AtomicLong FULL_GCS = new AtomicLong();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());

    /**
     * Starts tracking the heap in use right after each garbage collection. Unlike the pools' peaks,
     * which grow with whatever heap the JVM was allowed, this follows what the run keeps alive, but
     * only as an upper bound: a young collection leaves the old generation as it is, dead objects
     * included (events promoted while they waited in the reorder window, then dropped), so with a
     * large heap that has no reason to collect its old generation the figure climbs with the heap.
     * The heap after a full collection (which marks the whole heap) is the live set itself, tracked
     * apart; collectors that never need one (G1 with room to spare) report none.
     */
    static void watchLiveHeap() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    long used = 0;
                    GarbageCollectionNotificationInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    GcInfo info = gc.getGcInfo();
                    for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
                        if (HEAP_POOLS.contains(pool.getKey())) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    PEAK_LIVE_HEAP.accumulateAndGet(used, Math::max);
                    if ("end of major GC".equals(gc.getGcAction())) {
                        PEAK_FULL_GC_LIVE_HEAP.accumulateAndGet(used, Math::max);
                        FULL_GCS.incrementAndGet();
                    }
                }
            }, null, null);
        }
    }

    /** The most heap in use after any collection so far (an upper bound of the live set), or -1 before the first one. */
    static long peakLiveHeapBytes() {
        return PEAK_LIVE_HEAP.get();
    }

    /** The most heap in use after a full collection (the live set at that moment), or -1 if none ran. */
    static long peakFullGcLiveHeapBytes() {
        return PEAK_FULL_GC_LIVE_HEAP.get();
    }

    /** How many full collections ran (seen since {@link #watchLiveHeap}). */
    static long fullCollections() {
        return FULL_GCS.get();
    }

    /** The collectors' accumulated collection time in milliseconds (pauses; G1's concurrent work not included). */
    static long collectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    /** Sum of the heap pools' peak usage: an upper bound of the live heap the run needed. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** CPU time (user + system) of another process in milliseconds, from /proc; -1 where unavailable. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the parenthesised command name; utime and stime are the 14th and 15th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of the whole process (all threads, GC included), in milliseconds. */
    static long cpuMillis() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }
}
