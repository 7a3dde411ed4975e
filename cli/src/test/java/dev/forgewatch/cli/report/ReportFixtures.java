package dev.forgewatch.cli.report;

import dev.forgewatch.cli.Command;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.ingest.LineParser;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.hunt.HuntSetup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The shipped sample and a stand-in detector that knows the planted actor, for report tests. */
final class ReportFixtures {
    static final Path SAMPLE = Path.of("..", "samples", "data");
    static final String ACTOR_APP = "078b57c5-5bd1-4f6f-901b-83a901e75f36";
    static final String FORGED_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjFMVE16YWtpaFJsYV84ejJCRUpWWGVXTXFvIn0"
            + ".eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2lnbmF0dXJl";

    private ReportFixtures() {
    }

    /** Flags the actor's first mail access per mailbox (high) and adds one token finding carrying a raw token. */
    static final class ActorDetector implements Detector {
        private final java.util.Set<String> flagged = new java.util.HashSet<>();

        @Override
        public void accept(CanonicalEvent event, Consumer<Finding> findings) {
            if (!"MailItemsAccessed".equals(event.operation()) || !ACTOR_APP.equals(event.text(Fields.APP_ID))
                    || !flagged.add(event.mailbox())) {
                return;
            }
            findings.accept(new Finding("new_app_id_on_mail_items_accessed", "New AppId reading a mailbox", Severity.HIGH,
                    event.timestamp(), event.mailbox(), event.clientIp(), List.of(event.id()),
                    "AppId " + ACTOR_APP + " read this mailbox for the first time", Map.of(Fields.APP_ID, ACTOR_APP),
                    List.of("T1114.002", "T1550.001")));
            Map<String, Object> token = new LinkedHashMap<>();
            token.put(Fields.TOKEN_KID, "1LTMzakihRla_8z2BEJVXeWMqo");
            token.put(Fields.TOKEN_KEY_SCOPE, "consumers");
            token.put(Fields.TOKEN_FINGERPRINT, "9f2c51d0a4e3b6c7d8e9f0a1b2c3d4e5");
            token.put("raw_header", "Authorization: Bearer " + FORGED_TOKEN);
            findings.accept(new Finding("token_cross_scope_key", "Consumer key signed an organizational token", Severity.CRITICAL,
                    event.timestamp(), event.mailbox(), event.clientIp(), List.of(event.id()),
                    "token " + FORGED_TOKEN + " was signed by a consumer-scope key", token, List.of("T1606.002")));
        }

        @Override
        public void finish(Consumer<Finding> findings) {
        }
    }

    static List<Command> hunt(Detector detector) {
        FieldCatalog catalog = FieldCatalog.standard();
        HuntSetup setup = new HuntSetup(catalog, new InputOpener(IngestLimits.DEFAULT, LineParser.NONE),
                new Normalizer(catalog, TokenObserver.NONE), RulePack.standard().rules(), () -> detector, RulePack.standard().policy());
        return List.of(new HuntCommand((terminal, ledger) -> setup));
    }
}
