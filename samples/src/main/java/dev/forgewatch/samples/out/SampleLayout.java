package dev.forgewatch.samples.out;

import dev.forgewatch.samples.records.SignInRecords;
import dev.forgewatch.samples.sim.Activity;
import dev.forgewatch.samples.sim.SampleCalendar;
import dev.forgewatch.samples.sim.TenantPatterns;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where each activity of the sample goes, so that every input shape appears and no record appears
 * twice: audit records as Management Activity API content blobs (one per content type and day),
 * except the last {@link #PURVIEW_DAYS} days, which are a Purview CSV export instead; interactive
 * sign-ins as Graph responses, except the last {@link #MONITOR_DAYS} days, which come from an Azure
 * Monitor export; non-interactive, service-principal and managed-identity sign-ins (not in Graph v1.0's
 * default listing) from Azure Monitor, each category in its own folder; sign-ins of a day's last
 * {@link TenantPatterns#LATENCY_MINUTES} minutes arrive in the next day's export (log latency);
 * token-carrying requests as the mail edge proxy's NDJSON and the portal's access log, one file a day.
 */
public final class SampleLayout {
    public static final int PURVIEW_DAYS = 4;
    public static final int MONITOR_DAYS = 7;

    private final SampleCalendar calendar;
    private final SignInRecords signIns;

    public SampleLayout(SampleCalendar calendar, SignInRecords signIns) {
        this.calendar = calendar;
        this.signIns = signIns;
    }

    public Route route(Activity activity, int day) {
        LocalDate date = calendar.date(day);
        if (activity instanceof Activity.EdgeRequest) {
            return new Route("proxy/mail-edge/" + date + ".ndjson",
                    out -> new NdjsonWriter(out, a -> ((Activity.EdgeRequest) a).record()), Route.OLDEST_FIRST);
        }
        if (activity instanceof Activity.PortalRequest) {
            return new Route("portal/access-" + date + ".log", LineWriter::new, Route.OLDEST_FIRST);
        }
        if (activity instanceof Activity.AuditRecord record) {
            if (day >= purviewFrom()) {
                return new Route("purview/AuditLog_" + calendar.date(purviewFrom()) + "_" + calendar.date(calendar.days() - 1)
                        + ".csv", PurviewCsvWriter::new, Route.NEWEST_FIRST);
            }
            return new Route("management-api/" + record.contentType().apiName() + "/" + date + ".json",
                    out -> new JsonArrayWriter(out, JsonArrayWriter.CONTENT_BLOB_HEAD, JsonArrayWriter.CONTENT_BLOB_TAIL,
                            a -> ((Activity.AuditRecord) a).record()), Route.BY_MAILBOX);
        }
        // sign-in log latency: what happened in a day's last minutes is exported with the next day
        if (day + 1 < calendar.days() && activity.time().plusSeconds(TenantPatterns.LATENCY_MINUTES * 60L)
                .isAfter(calendar.date(day + 1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            day = day + 1;
            date = calendar.date(day);
        }
        if (activity instanceof Activity.AppSignInActivity app) {
            String category = app.signIn().managedIdentity() ? SignInRecords.MANAGED_IDENTITY_CATEGORY
                    : SignInRecords.SERVICE_PRINCIPAL_CATEGORY;
            return new Route("entra/azure-monitor/" + category + "/" + date + ".json",
                    out -> new JsonArrayWriter(out, JsonArrayWriter.MONITOR_HEAD, JsonArrayWriter.ENVELOPE_TAIL,
                            a -> signIns.monitor(((Activity.AppSignInActivity) a).signIn())), Route.OLDEST_FIRST);
        }
        Activity.SignInActivity signIn = (Activity.SignInActivity) activity;
        if (signIn.signIn().interactive() && day < monitorFrom()) {
            return new Route("entra/graph-signins/" + date + ".json",
                    out -> new JsonArrayWriter(out, JsonArrayWriter.GRAPH_SIGNINS_HEAD, JsonArrayWriter.ENVELOPE_TAIL,
                            a -> signIns.graph(((Activity.SignInActivity) a).signIn())), Route.NEWEST_FIRST);
        }
        String category = signIn.signIn().interactive() ? SignInRecords.INTERACTIVE_CATEGORY : SignInRecords.NON_INTERACTIVE_CATEGORY;
        return new Route("entra/azure-monitor/" + category + "/" + date + ".json",
                out -> new JsonArrayWriter(out, JsonArrayWriter.MONITOR_HEAD, JsonArrayWriter.ENVELOPE_TAIL,
                        a -> signIns.monitor(((Activity.SignInActivity) a).signIn())), Route.OLDEST_FIRST);
    }

    /** First day whose audit records go to the Purview CSV (none when the period is too short). */
    public int purviewFrom() {
        return calendar.days() > PURVIEW_DAYS ? calendar.days() - PURVIEW_DAYS : calendar.days();
    }

    private int monitorFrom() {
        return calendar.days() > MONITOR_DAYS ? calendar.days() - MONITOR_DAYS : calendar.days();
    }
}
