package dev.weightgate.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tools that ship inside the application jar, beside the server.
 * Each subcommand is a small picocli class in this package; register it in {@link #SUBCOMMANDS} and in
 * the {@code subcommands} list below.
 */
@Command(name = "weightgate",
        mixinStandardHelpOptions = true,
        description = "Weightgate command-line tools. Without a subcommand the jar starts the gateway.",
        subcommands = {
                // subcommands are registered here
                InspectCommand.class,
                MakeModelCommand.class,
                TokenizeCommand.class,
                BenchCommand.class,
        })
public final class Cli {

    private static final Set<String> SUBCOMMANDS = Set.of(
            // names of the subcommands registered above
            "inspect",
            "make-model",
            "tokenize",
            "bench"
    );

    private Cli() {
    }

    /** True when the arguments ask for a tool (or the tools' help) rather than the server. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (SUBCOMMANDS.contains(args[0]) || args[0].equals("--help") || args[0].equals("help"));
    }

    /** Runs the tool the arguments name and answers its exit code. */
    public static int run(String[] args) {
        return new CommandLine(new Cli()).execute(args);
    }
}
