package dev.forgewatch.hunt;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.ReadAhead;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.EngineStats;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.incident.Incidents;
import dev.forgewatch.detections.incident.MailPass;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.hunt.order.TimeOrderedSorter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The offline hunt pipeline: files → events (quarantining bad input) → one time-ordered stream →
 * detections → findings → incidents. Memory stays flat: events are sorted in bounded chunks spilled
 * to disk. While the input is read, the detector follows the sorter's in-order run
 * ({@link TimeOrderedSorter#follow}), so nearly ordered exports are judged as they arrive and only the
 * last window is left at the end; a straggler (an event earlier than what was judged) voids that,
 * and a fresh detector judges the merged order as before. A run with an observer, which must see
 * each event once and in order, judges after the merge. When the findings open incidents, the
 * sorted events are read once more, unmerged, to tally the mail each incident's intruder touched
 * ({@link MailPass}); only the records it can count (MailItemsAccessed of the accused mailboxes) are
 * built from the spill files, the others are read past.
 */
public final class HuntRun {
    /** Findings in output order: time, then rule, then user. */
    public static final Comparator<Finding> FINDING_ORDER = Comparator.comparing(Finding::timestamp)
            .thenComparing(Finding::ruleId)
            .thenComparing(f -> f.user() == null ? "" : f.user());

    /** A finding the tenant's tuning left out, with the entry that did. */
    public record Suppressed(Finding finding, Tuning.Entry entry) {
    }

    /**
     * What a run produced. {@code engine} says what the detector's bounded state had to forget
     * (evicted entries per rule); a run that evicted may have reported a returning value as new.
     * {@code suppressed}: findings the tuning left out, in output order; they are not in
     * {@code findings} and open no incident, and the run reports them by entry.
     */
    public record Result(List<Finding> findings, Incidents incidents, RunStats.Summary summary, int sortSpills,
            EngineStats engine, List<Suppressed> suppressed) {
        public Result {
            findings = List.copyOf(findings);
            suppressed = List.copyOf(suppressed);
        }

        public Result(List<Finding> findings, Incidents incidents, RunStats.Summary summary, int sortSpills, EngineStats engine) {
            this(findings, incidents, summary, sortSpills, engine, List.of());
        }
    }

    private final HuntSetup setup;
    private final Path tempDir;
    private final int sortChunk;

    public HuntRun(HuntSetup setup, Path tempDir, int sortChunk) {
        this.setup = setup;
        this.tempDir = tempDir;
        this.sortChunk = sortChunk;
    }

    public Result run(List<Path> files, QuarantineSink quarantine, ProgressListener progress) throws IOException {
        return run(files, quarantine, progress, HuntObserver.NONE);
    }

    public Result run(List<Path> files, QuarantineSink quarantine, ProgressListener progress, HuntObserver observer)
            throws IOException {
        return run(new InputFiles.Expanded(files, files, List.of(), List.of()), quarantine, progress, observer);
    }

    /** Hunts in the files given; what could not be read below the input folders is quarantined and counted first. */
    public Result run(InputFiles.Expanded inputs, QuarantineSink quarantine, ProgressListener progress, HuntObserver observer)
            throws IOException {
        RunStats stats = new RunStats();
        EventReader reader = new EventReader(setup.opener(), setup.normalizer(), quarantine, stats, progress);
        for (InputFiles.Skipped skipped : inputs.skipped()) {
            reader.skipped(skipped);
        }
        List<Path> files = inputs.files();
        List<Finding> findings = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        Tuning tuning = setup.tuning();
        Consumer<Finding> raise = finding -> {
            Rule rule = tuning.isEmpty() ? null : setup.rules().rule(finding.ruleId());
            Tuning.Entry entry = rule == null ? null : tuning.suppressing(rule, finding);
            if (entry != null) {
                suppressed.add(new Suppressed(finding, entry));
                return;
            }
            findings.add(finding);
            observer.finding(finding);
        };
        int spills;
        Incidents incidents;
        Detector detector;
        try (TimeOrderedSorter sorter = new TimeOrderedSorter(tempDir, sortChunk)) {
            // Nearly ordered input: the detector judges the run while it is read (no observer sees
            // those events, so a straggler that voids them costs only the detector's work).
            List<Finding> early = new ArrayList<>();
            Detector[] following = {observer == HuntObserver.NONE ? setup.detectors().get() : null};
            if (following[0] != null) {
                Detector judge = following[0];
                sorter.follow(event -> judge.accept(event, early::add));
                reader.read(files, event -> {
                    sorter.add(event);
                    if (following[0] != null && !sorter.followed()) {
                        following[0] = null; // void: its state and findings go now, not at the end of a long read
                        early.clear();
                    }
                });
            } else {
                reader.read(files, sorter::add);
            }
            spills = sorter.spillCount();
            Iterator<CanonicalEvent> sorted;
            if (following[0] != null && sorter.followed()) {
                detector = following[0];
                early.forEach(raise);
                sorted = sorter.rest();
            } else {
                detector = setup.detectors().get(); // judges the merged order from the start
                sorted = sorter.sorted();
            }
            // the merge of the sorted chunks runs ahead of the detector on a thread of its own
            Iterator<CanonicalEvent> source = sorted;
            try (ReadAhead<CanonicalEvent> events = new ReadAhead<>(() -> source.hasNext() ? source.next() : null, "merge")) {
                CanonicalEvent event;
                while ((event = events.next()) != null) {
                    observer.event(event);
                    detector.accept(event, raise);
                }
            }
            detector.finish(raise);
            IncidentModel.Draft draft = setup.incidentModel().build(findings);
            MailPass mail = draft.mailPass();
            if (!mail.idle()) {
                sorter.forEachUnordered(mail::mayCount, mail::accept); // the records it can count are the only ones built
            }
            incidents = draft.complete(mail);
        }
        findings.sort(FINDING_ORDER);
        suppressed.sort(Comparator.comparing(Suppressed::finding, FINDING_ORDER));
        return new Result(findings, incidents, stats.summary(), spills, detector.stats(), suppressed);
    }
}
