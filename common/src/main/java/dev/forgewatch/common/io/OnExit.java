package dev.forgewatch.common.io;

/**
 * Clean-up that must also happen when the JVM is stopped before the code that owns it finishes
 * (SIGTERM, SIGINT, Ctrl-C: the JVM runs its shutdown hooks). Closing it means the owner cleaned
 * up itself, and the action will not run. A process killed outright (SIGKILL) runs nothing: what
 * it leaves must be recognizable and removed later by whoever finds it.
 */
public final class OnExit implements AutoCloseable {
    private final Thread hook;

    private OnExit(Thread hook) {
        this.hook = hook;
    }

    /** Runs {@code action} if the JVM exits before {@link #close()}. */
    public static OnExit run(String name, Runnable action) {
        Thread hook = new Thread(action, "on-exit: " + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return new OnExit(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs (or ran) anyway
        }
    }
}
