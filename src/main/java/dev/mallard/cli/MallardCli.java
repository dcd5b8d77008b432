package dev.mallard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mallard}: the command line. Each subcommand is its own class. */
@Command(
    name = "mallard",
    mixinStandardHelpOptions = true,
    versionProvider = MallardCli.Version.class,
    description = "DuckDB to DuckDB data exchange over Apache Arrow Flight.",
    subcommands = {
        ServeCommand.class,
        TransferCommand.class,
        DemoCommand.class,
        DatasetCommand.class,
        UsersCommand.class,
        ReportCommand.class,
        CompareCommand.class,
        GateCommand.class,
        MachineInfoCommand.class,
        CommandLine.HelpCommand.class
    })
public final class MallardCli implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new MallardCli());
    // a user mistake deserves one clear line, not a stack trace
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("mallard " + line.getCommandName() + ": " + describe(e));
      return 2;
    });
    return commandLine;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = MallardCli.class.getPackage().getImplementationVersion();
      return new String[] {"mallard " + (version == null ? "dev" : version)};
    }
  }
}
