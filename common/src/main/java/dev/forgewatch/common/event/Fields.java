package dev.forgewatch.common.event;

/**
 * Names of the canonical fields that code refers to directly. The full list, with types and
 * mappings, is the data file {@code dev/forgewatch/mapping/fields.yaml}; a test checks that every
 * name here is defined there.
 */
public final class Fields {
    public static final String TIMESTAMP = "timestamp";
    public static final String EVENT_ID = "event_id";
    public static final String WORKLOAD = "workload";
    public static final String RECORD_TYPE = "record_type";
    public static final String OPERATION = "operation";
    public static final String RESULT = "result";
    public static final String OUTCOME = "outcome";
    public static final String USER_ID = "user_id";
    public static final String USER_KEY = "user_key";
    public static final String MAILBOX_OWNER_UPN = "mailbox_owner_upn";
    public static final String MAILBOX_GUID = "mailbox_guid";
    public static final String TENANT_ID = "tenant_id";
    public static final String CLIENT_IP = "client_ip";
    public static final String USER_AGENT = "user_agent";
    public static final String APP_ID = "app_id";
    public static final String CLIENT_APP_ID = "client_app_id";
    public static final String SESSION_ID = "session_id";
    public static final String UNIQUE_TOKEN_ID = "unique_token_id";
    public static final String SIGNIN_CATEGORY = "signin_category";
    public static final String LOGON_TYPE = "logon_type";
    public static final String MAIL_ACCESS_TYPE = "mail_access_type";
    public static final String IS_THROTTLED = "is_throttled";
    public static final String OPERATION_COUNT = "operation_count";
    public static final String FOLDER_PATHS = "folder_paths";
    public static final String ITEM_COUNT = "item_count";
    public static final String INTERNET_MESSAGE_IDS = "internet_message_ids";
    public static final String IS_INTERACTIVE = "is_interactive";
    public static final String HTTP_METHOD = "http_method";
    public static final String HTTP_STATUS = "http_status";
    public static final String URL_ORIGINAL = "url_original";
    public static final String SERVICE_PRINCIPAL_ID = "service_principal_id";

    public static final String TOKEN_FINGERPRINT = "token_fingerprint";
    public static final String TOKEN_ALG = "token_alg";
    public static final String TOKEN_KID = "token_kid";
    public static final String TOKEN_X5T = "token_x5t";
    public static final String TOKEN_ISSUER = "token_issuer";
    public static final String TOKEN_TENANT_ID = "token_tenant_id";
    public static final String TOKEN_AUDIENCE = "token_audience";
    public static final String TOKEN_APP_ID = "token_app_id";
    public static final String TOKEN_VERSION = "token_version";
    public static final String TOKEN_SUBJECT_HASH = "token_subject_hash";
    public static final String TOKEN_ISSUED_AT = "token_issued_at";
    public static final String TOKEN_NOT_BEFORE = "token_not_before";
    public static final String TOKEN_EXPIRES_AT = "token_expires_at";
    public static final String TOKEN_KEY_SCOPE = "token_key_scope";
    public static final String TOKEN_FINDINGS = "token_findings";

    private Fields() {
    }
}
