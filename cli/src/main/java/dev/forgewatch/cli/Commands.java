package dev.forgewatch.cli;

import dev.forgewatch.cli.collect.CollectCommand;
import dev.forgewatch.cli.elastic.ElasticCommand;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.cli.keys.KeysCommand;
import dev.forgewatch.cli.rules.RulesCommand;
import dev.forgewatch.cli.sample.SampleCommand;
import dev.forgewatch.cli.splunk.SplunkCommand;
import java.util.List;

/** Every {@code forgewatch} subcommand, in the order {@code --help} lists them. */
final class Commands {
    private Commands() {
    }

    static List<Command> all() {
        return List.of(HuntCommand.standard(), new CollectCommand(), KeysCommand.standard(), new ElasticCommand(),
                new SplunkCommand(), new RulesCommand(), new SampleCommand());
    }
}
