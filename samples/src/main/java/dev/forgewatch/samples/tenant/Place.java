package dev.forgewatch.samples.tenant;

/** Where a user's traffic comes from: one egress IP and what Entra's geolocation says about it. */
public record Place(String ip, String city, String state, String countryOrRegion, double latitude, double longitude) {
}
