package dev.forgewatch.splunk.conf;

import java.util.Map;
import java.util.Optional;

/**
 * The specs of the files a ForgeWatch app may ship, transcribed from the public Splunk Enterprise
 * 9.2 {@code .spec} files (setting names only; values where a wrong one would silently break the
 * app). A file with no spec here is not allowed in the app: add its spec first.
 */
public final class ConfSpecs {
    /** Splunk's accepted spellings of a boolean. */
    static final String BOOLEAN = "(?i)true|false|t|f|1|0|yes|no";
    private static final String INTEGER = "\\d+";

    private static final Map<String, ConfSpec> SPECS = Map.of(
            "app.conf", app(),
            "props.conf", props(),
            "transforms.conf", transforms(),
            "eventtypes.conf", eventtypes(),
            "tags.conf", tags(),
            "macros.conf", macros(),
            "savedsearches.conf", savedsearches(),
            "fields.conf", fields(),
            "default.meta", meta());

    private ConfSpecs() {
    }

    /** The spec of a file by its name ({@code props.conf}, {@code default.meta}). */
    public static Optional<ConfSpec> forFile(String fileName) {
        return Optional.ofNullable(SPECS.get(fileName));
    }

    private static ConfSpec app() {
        return ConfSpec.builder("app.conf")
                .stanza("author=<name>").keys("email", "company")
                .stanza("id").keys("group", "name", "version")
                .stanza("launcher").keys("version", "description", "author").value("remote_tab", BOOLEAN)
                .stanza("package").keys("id").value("check_for_updates", BOOLEAN).value("show_upgrade_notification", BOOLEAN)
                .stanza("install").value("state", "disabled|enabled").value("state_change_requires_restart", BOOLEAN)
                .value("is_configured", BOOLEAN).value("build", INTEGER).value("allows_disable", BOOLEAN)
                .keys("install_source_checksum", "install_source_local_checksum")
                .value("python.version", "default|python|python2|python3")
                .stanza("triggers").keys("reload.<conf_file_name>")
                .stanza("shclustering").keys("deployer_lookups_push_mode", "deployer_push_mode")
                .stanza("ui").value("is_visible", BOOLEAN).value("show_in_nav", BOOLEAN).value("is_manageable", BOOLEAN)
                .keys("label", "docs_section_override", "attribution_link", "setup_view", "supported_themes")
                .stanza("credentials_settings").keys("verify_script", "python.version")
                .stanza("diag").keys("extension_script", "data_limit", "default_gather_lookups")
                .build();
    }

    private static ConfSpec props() {
        return ConfSpec.builder("props.conf").anyStanza()
                .keys("ADD_EXTRA_TIME_FIELDS", "ANNOTATE_PUNCT", "BREAK_ONLY_BEFORE", "BREAK_ONLY_BEFORE_DATE", "CHARSET",
                        "CHECK_FOR_HEADER", "CHECK_METHOD", "DATETIME_CONFIG", "DEPTH_LIMIT",
                        "DETERMINE_TIMESTAMP_DATE_WITH_SYSTEM_TIME", "EVENT_BREAKER", "EXTRACT-<class>", "FIELD_DELIMITER",
                        "FIELD_HEADER_REGEX", "FIELD_NAMES", "FIELD_QUOTE", "HEADER_FIELD_ACCEPTABLE_SPECIAL_CHARACTERS",
                        "HEADER_FIELD_DELIMITER", "HEADER_FIELD_LINE_NUMBER", "HEADER_FIELD_QUOTE", "HEADER_MODE",
                        "INDEXED_EXTRACTIONS", "JSON_TRIM_BRACES_IN_ARRAY_NAMES", "KV_TRIM_SPACES", "LB_CHUNK_BREAKER",
                        "LB_CHUNK_BREAKER_TRUNCATE", "LEARN_MODEL", "LEARN_SOURCETYPE", "LESS_THAN<suffix>",
                        "LINE_BREAKER", "LINE_BREAKER_LOOKBEHIND", "MATCH_LIMIT", "MAX_DAYS_AGO", "MAX_DAYS_HENCE",
                        "MAX_DIFF_SECS_AGO", "MAX_DIFF_SECS_HENCE", "MAX_EVENTS", "METRIC-SCHEMA-TRANSFORMS",
                        "METRICS_PROTOCOL", "MISSING_VALUE_REGEX", "MORE_THAN<suffix>", "MUST_BREAK_AFTER",
                        "MUST_NOT_BREAK_AFTER", "MUST_NOT_BREAK_BEFORE", "PREAMBLE_REGEX", "PREFIX_SOURCETYPE",
                        "REPORT-<class>", "ROUTE_EVENTS_OLDER_THAN", "RULESET-<class>", "RULESET_DESC-<class>",
                        "SEDCMD-<class>", "SEGMENTATION", "SEGMENTATION-<segment>", "STATSD-DIM-TRANSFORMS",
                        "STATSD_EMIT_SINGLE_MEASUREMENT_FORMAT", "TIMESTAMP_FIELDS", "TIME_FORMAT", "TIME_PREFIX",
                        "TRANSFORMS-<class>", "TZ", "TZ_ALIAS", "category", "description", "detect_trailing_nulls",
                        "force_local_processing", "given_type", "initCrcLength", "invalid_cause", "is_valid", "maxDist",
                        "priority", "pulldown_type", "rename", "sourcetype", "unarchive_cmd", "unarchive_cmd_start_mode",
                        "unarchive_sourcetype", "EVAL-<fieldname>")
                .value("KV_MODE", "none|auto|auto_escaped|multi|multi:\\S+|json|xml")
                .value("AUTO_KV_JSON", BOOLEAN).value("SHOULD_LINEMERGE", BOOLEAN).value("NO_BINARY_CHECK", BOOLEAN)
                .value("EVENT_BREAKER_ENABLE", BOOLEAN).value("TRUNCATE", INTEGER).value("MAX_TIMESTAMP_LOOKAHEAD", INTEGER)
                .value("FIELDALIAS-<class>", "(?:\\s*(?:\"[^\"]+\"|\\S+)\\s+(?i:as|asnew)\\s+(?:\"[^\"]+\"|\\S+))+\\s*")
                .value("LOOKUP-<class>", "\\S+\\s+\\S.*")
                .build();
    }

    private static ConfSpec transforms() {
        return ConfSpec.builder("transforms.conf").anyStanza()
                .keys("CLONE_SOURCETYPE", "DEFAULT_VALUE", "DELIMS", "DEPTH_LIMIT", "DEST_KEY", "FIELDS", "FORMAT",
                        "INGEST_EVAL", "LOOKAHEAD", "MATCH_LIMIT", "METRIC-SCHEMA-BLACKLIST-DIMS<suffix>",
                        "METRIC-SCHEMA-MEASURES<suffix>", "METRIC-SCHEMA-WHITELIST-DIMS<suffix>", "REGEX", "SOURCE_KEY",
                        "STOP_PROCESSING_IF", "collection", "default_match", "external_cmd", "external_type",
                        "feature_id_element", "fields_list", "filter", "index_fields_list", "match_type", "max_ext_batch",
                        "max_matches", "max_offset_secs", "metrics.report_interval", "metrics.rule_filter", "min_matches",
                        "min_offset_secs", "python.version", "time_field", "time_format")
                .value("filename", "[^/\\\\]+\\.(?:csv|csv\\.gz)")
                .value("CAN_OPTIMIZE", BOOLEAN).value("CLEAN_KEYS", BOOLEAN).value("KEEP_EMPTY_VALS", BOOLEAN)
                .value("MV_ADD", BOOLEAN).value("REPEAT_MATCH", BOOLEAN).value("WRITE_META", BOOLEAN)
                .value("REMOVE_DIMS_FROM_METRIC_NAME", BOOLEAN).value("allow_caching", BOOLEAN)
                .value("batch_index_query", BOOLEAN).value("cache_size", INTEGER).value("case_sensitive_match", BOOLEAN)
                .value("check_permission", BOOLEAN).value("metrics.disabled", BOOLEAN).value("replicate", BOOLEAN)
                .value("reverse_lookup_honor_case_sensitive_match", BOOLEAN)
                .build();
    }

    private static ConfSpec eventtypes() {
        return ConfSpec.builder("eventtypes.conf").anyStanza()
                .keys("search", "description", "tags", "color")
                .value("disabled", "[01]").value("priority", "[1-9]|10")
                .build();
    }

    private static ConfSpec tags() {
        // Stanzas are <field>=<value>; every setting is a tag name that is enabled or disabled.
        return ConfSpec.builder("tags.conf").stanza("<field>=<value>")
                .value("<tag>", "enabled|disabled")
                .build();
    }

    private static ConfSpec macros() {
        return ConfSpec.builder("macros.conf").anyStanza()
                .keys("definition", "validation", "errormsg", "description")
                .value("args", "\\s*\\w+(?:\\s*,\\s*\\w+)*\\s*").value("iseval", BOOLEAN)
                .build();
    }

    private static ConfSpec savedsearches() {
        return ConfSpec.builder("savedsearches.conf").anyStanza()
                .keys("search", "description", "cron_schedule", "schedule", "schedule_as", "schedule_priority",
                        "counttype", "relation", "quantity", "alert_condition", "action_email", "action_rss", "sendresults",
                        "dispatchAs", "displayview", "vsid", "nextrun", "qualifiedSearch", "query", "role", "userid",
                        "workload_pool", "run_n_times", "max_concurrent")
                .keyPattern("action\\.[^.]+(?:\\..+)?")
                .keyPattern("alert\\.[A-Za-z_]+(?:\\.[A-Za-z_]+)?")
                .keyPattern("dispatch\\.[A-Za-z_]+")
                .keyPattern("display\\..+")
                .keyPattern("auto_summarize(?:\\..+)?")
                .keyPattern("durable\\.[a-z_]+")
                .keyPattern("request\\.ui_dispatch_(?:app|view)")
                .value("disabled", BOOLEAN).value("enableSched", BOOLEAN).value("is_visible", BOOLEAN)
                .value("realtime_schedule", BOOLEAN).value("run_on_startup", BOOLEAN).value("allow_skew", "\\S+")
                .value("schedule_window", "\\d+|auto").value("embed.enabled", BOOLEAN)
                .value("restart_on_searchpeer_add", BOOLEAN).value("skip_scheduled_realtime_idxc", BOOLEAN)
                .value("precalculate_required_fields_for_alerts", BOOLEAN)
                .value("defer_scheduled_searchable_idxc", BOOLEAN)
                .build();
    }

    private static ConfSpec fields() {
        return ConfSpec.builder("fields.conf").anyStanza()
                .keys("TOKENIZER")
                .value("INDEXED", BOOLEAN).value("INDEXED_VALUE", "(?s).+")
                .build();
    }

    private static ConfSpec meta() {
        String roles = "\\[\\s*[\\w*.-]*(?:\\s*,\\s*[\\w*.-]+)*\\s*\\]";
        String access = "\\s*(?:read|write)\\s*:\\s*" + roles + "(?:\\s*,\\s*(?:read|write)\\s*:\\s*" + roles + ")?\\s*";
        return ConfSpec.builder("default.meta").anyStanza()
                .value("access", access).value("export", "system|none").keys("owner", "version", "modtime")
                .build();
    }
}
