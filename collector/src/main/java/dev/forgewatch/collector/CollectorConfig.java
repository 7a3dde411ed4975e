package dev.forgewatch.collector;

import dev.forgewatch.collector.auth.ClientCredential;
import dev.forgewatch.collector.graph.SignInCategory;
import dev.forgewatch.common.tls.TlsOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a run needs, validated. Built by {@link ConfigLoader} from a file, the environment and
 * command-line overrides; tests use the {@link Builder} directly. Holds the credential, so it has no
 * generated {@code toString} that could print it.
 */
public final class CollectorConfig {
    public static final URI AUTHORITY = URI.create("https://login.microsoftonline.com");
    public static final URI MANAGE_API = URI.create("https://manage.office.com");
    public static final URI GRAPH_API = URI.create("https://graph.microsoft.com");
    public static final List<String> DEFAULT_CONTENT_TYPES = List.of("Audit.Exchange", "Audit.AzureActiveDirectory", "Audit.General");
    public static final List<String> KNOWN_CONTENT_TYPES = List.of("Audit.AzureActiveDirectory", "Audit.Exchange",
            "Audit.SharePoint", "Audit.General", "DLP.All");
    /** The Activity API keeps content for 7 days. */
    public static final Duration ACTIVITY_RETENTION = Duration.ofDays(7);
    /** Entra keeps sign-ins for 30 days (with P1/P2). */
    public static final Duration SIGNIN_RETENTION = Duration.ofDays(30);

    /** How server certificates are checked. */

    private final String tenantId;
    private final String clientId;
    private final ClientCredential credential;
    private final URI authority;
    private final URI manageApi;
    private final URI graphApi;
    private final String manageResource;
    private final String graphResource;
    private final String publisherId;
    private final List<String> contentTypes;
    private final boolean signIns;
    private final List<SignInCategory> signInCategories;
    private final Path outputDir;
    private final Path stateDir;
    private final Duration lookback;
    private final Duration graphWindow;
    private final Duration settle;
    private final long maxFileBytes;
    private final long maxFileRecords;
    private final boolean startSubscriptions;
    private final TlsOptions tls;
    private final Duration requestTimeout;
    private final int maxAttempts;

    private CollectorConfig(Builder b) {
        this.tenantId = require(b.tenantId, "tenant_id");
        this.clientId = require(b.clientId, "client_id");
        this.credential = Objects.requireNonNull(b.credential, "a credential (client secret or certificate)");
        this.authority = b.authority;
        this.manageApi = b.manageApi;
        this.graphApi = b.graphApi;
        // The token's resource is the service's identifier, which a lab or sovereign URL need not equal.
        this.manageResource = b.manageResource == null ? manageApi.toString() : b.manageResource;
        this.graphResource = b.graphResource == null ? graphApi.toString() : b.graphResource;
        this.publisherId = b.publisherId == null || b.publisherId.isBlank() ? tenantId : b.publisherId;
        this.contentTypes = List.copyOf(b.contentTypes);
        for (String type : contentTypes) {
            if (!KNOWN_CONTENT_TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown content type '" + type + "' (known: " + String.join(", ", KNOWN_CONTENT_TYPES) + ")");
            }
        }
        this.signInCategories = List.copyOf(new java.util.LinkedHashSet<>(b.signInCategories));
        this.signIns = b.signIns && !signInCategories.isEmpty();
        if (contentTypes.isEmpty() && !signIns) {
            throw new IllegalArgumentException("nothing to collect: no content types and sign-ins off");
        }
        this.outputDir = Objects.requireNonNull(b.outputDir, "output_dir");
        this.stateDir = b.stateDir == null ? outputDir.resolve(".forgewatch-state") : b.stateDir;
        this.lookback = positive(b.lookback, "lookback");
        this.graphWindow = positive(b.graphWindow, "graph window");
        this.settle = b.settle;
        this.maxFileBytes = b.maxFileBytes;
        this.maxFileRecords = b.maxFileRecords;
        if (maxFileBytes < 1 || maxFileRecords < 1) {
            throw new IllegalArgumentException("file rotation limits must be positive");
        }
        this.startSubscriptions = b.startSubscriptions;
        this.tls = Objects.requireNonNull(b.tls, "tls");
        this.requestTimeout = positive(b.requestTimeout, "request timeout");
        this.maxAttempts = b.maxAttempts;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.trim();
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String tenantId() { return tenantId; }
    public String clientId() { return clientId; }
    public ClientCredential credential() { return credential; }
    public URI authority() { return authority; }
    public URI manageApi() { return manageApi; }
    public URI graphApi() { return graphApi; }
    public String manageResource() { return manageResource; }
    public String graphResource() { return graphResource; }
    public String publisherId() { return publisherId; }
    public List<String> contentTypes() { return contentTypes; }
    public boolean signIns() { return signIns; }

    /** The sign-in categories collected when {@link #signIns()}, each into its own stream; all four by default. */
    public List<SignInCategory> signInCategories() { return signInCategories; }
    public Path outputDir() { return outputDir; }
    public Path stateDir() { return stateDir; }
    public Duration lookback() { return lookback; }
    public Duration graphWindow() { return graphWindow; }
    /** How long after a window's end its content is taken as complete (late blobs, sign-in ingestion delay). */
    public Duration settle() { return settle; }
    public long maxFileBytes() { return maxFileBytes; }
    public long maxFileRecords() { return maxFileRecords; }
    public boolean startSubscriptions() { return startSubscriptions; }
    public TlsOptions tls() { return tls; }
    public Duration requestTimeout() { return requestTimeout; }
    public int maxAttempts() { return maxAttempts; }

    @Override
    public String toString() {
        return "CollectorConfig[tenant " + tenantId + ", client " + clientId + ", " + credential.getClass().getSimpleName() + "]";
    }

    public static final class Builder {
        private String tenantId;
        private String clientId;
        private ClientCredential credential;
        private URI authority = AUTHORITY;
        private URI manageApi = MANAGE_API;
        private URI graphApi = GRAPH_API;
        private String manageResource;
        private String graphResource;
        private String publisherId;
        private List<String> contentTypes = DEFAULT_CONTENT_TYPES;
        private boolean signIns = true;
        private List<SignInCategory> signInCategories = SignInCategory.all();
        private Path outputDir;
        private Path stateDir;
        private Duration lookback = Duration.ofHours(24);
        private Duration graphWindow = Duration.ofHours(1);
        private Duration settle = Duration.ofMinutes(30);
        private long maxFileBytes = 64L * 1024 * 1024;
        private long maxFileRecords = 100_000;
        private boolean startSubscriptions;
        private TlsOptions tls = TlsOptions.VERIFY;
        private Duration requestTimeout = Duration.ofMinutes(2);
        private int maxAttempts = 6;

        private Builder() {
        }

        public Builder tenantId(String v) { tenantId = v; return this; }
        public Builder clientId(String v) { clientId = v; return this; }
        public Builder credential(ClientCredential v) { credential = v; return this; }
        public Builder authority(URI v) { authority = v; return this; }
        public Builder manageApi(URI v) { manageApi = v; return this; }
        public Builder graphApi(URI v) { graphApi = v; return this; }
        public Builder manageResource(String v) { manageResource = v; return this; }
        public Builder graphResource(String v) { graphResource = v; return this; }
        public Builder publisherId(String v) { publisherId = v; return this; }
        public Builder contentTypes(List<String> v) { contentTypes = v; return this; }
        public Builder signIns(boolean v) { signIns = v; return this; }

        public Builder signInCategories(List<SignInCategory> v) { signInCategories = List.copyOf(v); return this; }
        public Builder outputDir(Path v) { outputDir = v; return this; }
        public Builder stateDir(Path v) { stateDir = v; return this; }
        public Builder lookback(Duration v) { lookback = v; return this; }
        public Builder graphWindow(Duration v) { graphWindow = v; return this; }
        public Builder settle(Duration v) { settle = v; return this; }
        public Builder maxFileBytes(long v) { maxFileBytes = v; return this; }
        public Builder maxFileRecords(long v) { maxFileRecords = v; return this; }
        public Builder startSubscriptions(boolean v) { startSubscriptions = v; return this; }
        public Builder tls(TlsOptions options) { tls = options; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }

        public CollectorConfig build() {
            return new CollectorConfig(this);
        }
    }
}
