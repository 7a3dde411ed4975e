package dev.forgewatch.splunk.app;

/**
 * Indexed fields the HEC shipper adds to every event. The event id is ForgeWatch's stable id (the
 * audit record's {@code Id}, the sign-in's {@code id}, else a content hash), so an event shipped
 * twice (a retry whose first attempt was indexed after all) is recognisable and removed by the
 * {@code forgewatch_dedup} macro.
 */
public final class HecFields {
    public static final String EVENT_ID = "forgewatch_event_id";

    private HecFields() {
    }
}
