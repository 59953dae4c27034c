package dev.accel.cli;

import dev.accel.AccelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point of {@code accel}. */
@Command(name = "accel",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Run tensors and models on whatever accelerator this machine has.",
        subcommands = {DevicesCommand.class, ConformanceCommand.class, DemoCommand.class, RunCommand.class, EmbedCommand.class, StoreCommand.class, ModelsCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code accel args} with the given streams and returns the exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof AccelException ae) {
                commandLine.getErr().println("accel: " + ae.getMessage() + " [" + ae.code() + "]");
            } else {
                commandLine.getErr().println("accel: " + ex);
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cmd.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"accel " + (v == null ? "(development build)" : v) + " on Java " + Runtime.version()
                    + " (" + System.getProperty("java.vm.vendor") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
