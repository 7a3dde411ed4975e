package dev.forgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final List<Command> commands = Commands.all();

    @Test
    void helpListsEveryCommand() {
        CliRunner.Run run = CliRunner.run(commands, "--help");

        assertThat(run.exitCode()).isZero();
        for (Command command : commands) {
            assertThat(run.out()).contains("  " + command.name() + " ");
        }
    }

    @Test
    void noArgumentsPrintsTheOverviewAndIsAUsageError() {
        CliRunner.Run run = CliRunner.run(commands);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("Usage: forgewatch <command>");
    }

    @Test
    void unknownCommandIsOneLineOnStderr() {
        CliRunner.Run run = CliRunner.run(commands, "hnut");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).isEqualTo("forgewatch: unknown command 'hnut'. Run 'forgewatch --help' for the list.\n");
    }

    @Test
    void everyCommandHasHelpWithAUsageLine() {
        for (Command command : commands) {
            CliRunner.Run run = CliRunner.run(commands, command.name(), "--help");
            assertThat(run.exitCode()).as(command.name()).isZero();
            assertThat(run.out()).as(command.name()).contains("Usage: forgewatch " + command.name());
        }
    }

    @Test
    void versionIsPrinted() {
        assertThat(CliRunner.run(commands, "--version").out()).startsWith("forgewatch ");
    }
}
