package dev.forgewatch.samples.tenant;

import java.util.List;

/**
 * One mailbox owner of the fictional tenant. Everything here is fixed for the whole period: the
 * consistency a detection learns as "normal" for this mailbox.
 *
 * @param index        position in the tenant, also the user's random-stream coordinate
 * @param puid         Exchange UserKey (the user's PUID, 16 hex digits)
 * @param devices      the clients the user runs; the first is the primary (daily interactive sign-in)
 * @param bindBaseline how many MailItemsAccessed Bind records a normal workday produces
 */
public record User(int index, String upn, String displayName, String title, boolean senior, String objectId,
                   String puid, String mailboxGuid, String sid, String mailboxServer, Place place,
                   List<Device> devices, int bindBaseline) {
    public User {
        devices = List.copyOf(devices);
    }

    public Device primary() {
        return devices.get(0);
    }
}
