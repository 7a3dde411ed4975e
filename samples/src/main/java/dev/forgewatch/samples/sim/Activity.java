package dev.forgewatch.samples.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.samples.records.AppSignIn;
import dev.forgewatch.samples.records.SignIn;
import java.time.Instant;

/**
 * One thing the simulation produced. Audit records are already in their final JSON shape; sign-ins
 * stay typed because they are written in two shapes (Graph, Azure Monitor) chosen by the writer;
 * requests carrying bearer tokens are edge-proxy records or portal access-log lines.
 */
public sealed interface Activity {
    Instant time();

    /** Part of the planted scenario (the intruder's doing), not the tenant's normal activity. */
    boolean planted();

    /** A Unified Audit Log record. */
    record AuditRecord(Instant time, ContentType contentType, ObjectNode record, boolean planted) implements Activity {
        public String operation() {
            return record.path("Operation").asText();
        }

        /** The mailbox an Exchange record is about (empty for directory records). */
        public String mailbox() {
            return record.path("MailboxOwnerUPN").asText();
        }
    }

    /** A request through the mail edge proxy, its token reduced to fingerprint + header + claims. */
    record EdgeRequest(Instant time, ObjectNode record, boolean planted) implements Activity {
    }

    /** A line of the portal's access log, with the bearer token it logged. */
    record PortalRequest(Instant time, String line, boolean planted) implements Activity {
    }

    /** A service-principal or managed-identity sign-in (app-only token). */
    record AppSignInActivity(AppSignIn signIn) implements Activity {
        @Override
        public Instant time() {
            return signIn.time();
        }

        @Override
        public boolean planted() {
            return false;
        }
    }

    /** An Entra user sign-in (never planted: the intrusions are sign-in-less). */
    record SignInActivity(SignIn signIn) implements Activity {
        @Override
        public Instant time() {
            return signIn.time();
        }

        @Override
        public boolean planted() {
            return false;
        }
    }
}
