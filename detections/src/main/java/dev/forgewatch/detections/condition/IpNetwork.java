package dev.forgewatch.detections.condition;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, as written in the rule. */
public record IpNetwork(String text, byte[] network, int prefix) {

    /** Parses {@code address/prefix}; throws IllegalArgumentException with a reason otherwise. */
    public static IpNetwork parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block (address/prefix)");
        }
        byte[] address = IpAddresses.parse(text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' does not start with an IP address");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + address.length * 8);
        }
        return new IpNetwork(text, address, prefix);
    }

    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
