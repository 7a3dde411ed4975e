package dev.forgewatch.elastic.demo;

import dev.forgewatch.elastic.install.InstallReport;
import java.io.PrintStream;

/** Prints an install report the same way for the demo and {@code forgewatch elastic install}. */
public final class InstallReports {
    private InstallReports() {
    }

    public static void print(InstallReport report, PrintStream out) {
        out.println("Installing into " + report.cluster() + ":");
        for (InstallReport.Item item : report.items()) {
            out.printf("  %-45s %s%s%n", item.asset(), item.outcome().label(), item.detail().isEmpty() ? "" : ": " + item.detail());
        }
        for (String skipped : report.skipped()) {
            out.println("  note: " + skipped);
        }
        if (!report.changedAnything() && !report.refusedAnything() && !report.failedAnything()) {
            out.println("  Everything was already installed and current: nothing changed.");
        }
    }
}
