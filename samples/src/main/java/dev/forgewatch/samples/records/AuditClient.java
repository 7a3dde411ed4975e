package dev.forgewatch.samples.records;

import dev.forgewatch.samples.tenant.Device;

/** Who touched a mailbox, as Exchange audit records describe the client. */
public record AuditClient(String ip, String appId, String clientAppId, String clientInfoString) {
    public static AuditClient of(Device device, String ip) {
        return new AuditClient(ip, device.profile().auditAppId(), device.profile().auditClientAppId(), device.clientInfoString());
    }
}
