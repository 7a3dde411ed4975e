package dev.forgewatch.samples.tenant;

import java.util.List;

/**
 * The fictional organization: Entra tenant id, its mail domain (a reserved {@code .example} name),
 * the Exchange organization name, and its users.
 */
public record Tenant(String tenantId, String domain, String organizationName, List<User> users) {
    public Tenant {
        users = List.copyOf(users);
    }
}
