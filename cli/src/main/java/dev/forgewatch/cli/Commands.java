package dev.forgewatch.cli;

import java.util.List;

/** Every {@code forgewatch} subcommand, in the order {@code --help} lists them. */
final class Commands {
    private Commands() {
    }

    static List<Command> all() {
        return List.of();
    }
}
