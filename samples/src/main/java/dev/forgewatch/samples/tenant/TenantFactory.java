package dev.forgewatch.samples.tenant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the fictional tenant Fabrikam from a seed: names from fixed lists, a seeded-random tenant
 * id, and egress/home IPs from the documentation ranges only (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, RFC 5737), so no real organization's address appears.
 */
public final class TenantFactory {
    public static final String DOMAIN = "fabrikam.example";
    /** Exchange writes the tenant's initial onmicrosoft.com domain; Fabrikam is Microsoft's own fictitious company. */
    public static final String ORGANIZATION_NAME = "fabrikam.onmicrosoft.com";
    /** The first users are the senior staff: the people an espionage actor targets. */
    public static final int SENIOR_STAFF = 8;

    private static final long SALT = 0x7E4A47L;
    private static final List<String> SENIOR_TITLES = List.of("Chief Executive Officer", "Chief Financial Officer",
            "General Counsel", "Director of Government Affairs", "Chief of Staff", "Chief Operating Officer",
            "Vice President, Policy", "Director of Communications");
    private static final List<String> TITLES = List.of("Policy Analyst", "Program Manager", "Communications Specialist",
            "Accountant", "Paralegal", "Research Associate", "HR Generalist", "Grants Officer", "Executive Assistant",
            "Project Coordinator", "Data Analyst", "Outreach Coordinator", "Procurement Specialist", "Economist");
    private static final List<String> FIRST_NAMES = List.of("Avery", "Blake", "Cameron", "Dana", "Elliot", "Frances",
            "Gabriel", "Harper", "Iris", "Jordan", "Kendall", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn",
            "Riley", "Sawyer", "Taylor", "Uma", "Val", "Wren", "Yael", "Zion", "Adrian", "Bailey", "Casey", "Devon",
            "Emerson", "Finley", "Greer", "Hayden", "Indira", "Jules", "Kai", "Lane", "Marlow", "Nico", "Oren");
    private static final List<String> LAST_NAMES = List.of("Abbott", "Barros", "Castillo", "Delacroix", "Ekwueme",
            "Fairbanks", "Gallagher", "Hoffmann", "Ibarra", "Jansen", "Kowalczyk", "Lindqvist", "Moreau", "Nakagawa",
            "Okafor", "Petrov", "Quintero", "Rasmussen", "Sandoval", "Thornton", "Underwood", "Valdez", "Whitaker",
            "Xiong", "Yamamoto", "Zimmerman", "Achebe", "Bergstrom", "Chandra", "Dimitriou", "Esposito", "Fontaine");
    private static final List<String> MAILBOX_SERVERS = List.of("BN8PR04MB", "SA1PR04MB", "CH0PR04MB", "DM6PR04MB");

    private static final List<Place> OFFICES = List.of(
            new Place("198.51.100.10", "Washington", "District of Columbia", "US", 38.9, -77.03),
            new Place("198.51.100.11", "Washington", "District of Columbia", "US", 38.9, -77.03),
            new Place("198.51.100.70", "Baltimore", "Maryland", "US", 39.29, -76.61));
    private static final List<Place> HOME_TOWNS = List.of(
            new Place("", "Arlington", "Virginia", "US", 38.88, -77.1),
            new Place("", "Alexandria", "Virginia", "US", 38.8, -77.05),
            new Place("", "Bethesda", "Maryland", "US", 38.98, -77.1),
            new Place("", "Silver Spring", "Maryland", "US", 38.99, -77.03),
            new Place("", "Fairfax", "Virginia", "US", 38.85, -77.31),
            new Place("", "Annapolis", "Maryland", "US", 38.98, -76.49));

    private TenantFactory() {
    }

    public static Tenant create(long seed, int mailboxes) {
        if (mailboxes < SENIOR_STAFF + 4) {
            throw new IllegalArgumentException("a tenant needs at least " + (SENIOR_STAFF + 4) + " mailboxes");
        }
        SplittableRandom tenantRandom = Randoms.stream(seed, SALT, -1, 0);
        String tenantId = Randoms.guid(tenantRandom);
        String sidPrefix = "S-1-5-21-" + (1_000_000_000L + tenantRandom.nextInt(1_000_000_000)) + "-"
                + (1_000_000_000L + tenantRandom.nextInt(1_000_000_000)) + "-"
                + (1_000_000_000L + tenantRandom.nextInt(1_000_000_000));
        Set<String> upns = new HashSet<>();
        List<User> users = new ArrayList<>(mailboxes);
        for (int i = 0; i < mailboxes; i++) {
            users.add(user(i, Randoms.stream(seed, SALT, i, 1), sidPrefix, upns));
        }
        return new Tenant(tenantId, DOMAIN, ORGANIZATION_NAME, users);
    }

    private static User user(int index, SplittableRandom random, String sidPrefix, Set<String> upns) {
        String first = Randoms.pick(random, FIRST_NAMES);
        String last = Randoms.pick(random, LAST_NAMES);
        String local = (first + "." + last).toLowerCase(Locale.ROOT);
        String upnLocal = local;
        for (int n = 2; !upns.add(upnLocal); n++) {
            upnLocal = local + n;
        }
        boolean senior = index < SENIOR_STAFF;
        String title = senior ? SENIOR_TITLES.get(index) : Randoms.pick(random, TITLES);
        String tag = String.format(Locale.ROOT, "%04d", index + 1);
        List<Device> devices = new ArrayList<>(2);
        for (ClientProfile profile : profiles(random, senior)) {
            devices.add(Devices.create(profile, random, tag));
        }
        String server = Randoms.pick(random, MAILBOX_SERVERS) + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
        return new User(index, upnLocal + "@" + DOMAIN, first + " " + last, title, senior, Randoms.guid(random),
                "100320" + Randoms.hex(random, 10), Randoms.guid(random), sidPrefix + "-" + (1100 + index * 7 + random.nextInt(7)),
                server, place(index, random, senior), devices, senior ? Randoms.between(random, 3, 5) : Randoms.between(random, 2, 4));
    }

    /** Seniors run Outlook desktop and an iPhone; everyone else one of the tenant's usual client mixes. */
    private static List<ClientProfile> profiles(SplittableRandom random, boolean senior) {
        if (senior) {
            return List.of(ClientProfile.OUTLOOK_DESKTOP, ClientProfile.OUTLOOK_IOS);
        }
        int roll = random.nextInt(100);
        if (roll < 45) {
            return List.of(ClientProfile.OUTLOOK_DESKTOP, ClientProfile.OUTLOOK_IOS);
        }
        if (roll < 60) {
            return List.of(ClientProfile.OUTLOOK_DESKTOP, ClientProfile.OUTLOOK_ANDROID);
        }
        if (roll < 75) {
            return List.of(ClientProfile.OUTLOOK_DESKTOP);
        }
        if (roll < 88) {
            return List.of(ClientProfile.OWA, ClientProfile.OUTLOOK_IOS);
        }
        return List.of(ClientProfile.OWA);
    }

    /** Seniors work from headquarters; others from an office or from home (one fixed IP each). */
    private static Place place(int index, SplittableRandom random, boolean senior) {
        if (senior || random.nextInt(100) < 60) {
            return senior ? OFFICES.get(index % 2) : Randoms.pick(random, OFFICES);
        }
        Place town = Randoms.pick(random, HOME_TOWNS);
        return new Place(homeIp(index), town.city(), town.state(), town.countryOrRegion(), town.latitude(), town.longitude());
    }

    /** Home IPs: 203.0.113.20-250 then 192.0.2.20-250, wrapping for very large (benchmark) tenants. */
    private static String homeIp(int index) {
        int slot = index % 462;
        return slot < 231 ? "203.0.113." + (20 + slot) : "192.0.2." + (20 + slot - 231);
    }
}
