package motor.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import motor.core.internal.config.JsonConfig;
import motor.core.internal.extension.PluginException;
import motor.spi.extension.ConfigException;

/**
 * The command line: starts a server from a configuration file and flags, with every extension found on
 * the module path and class path, and stops it gracefully on SIGTERM or SIGINT.
 *
 * <pre>
 * motor [run|check|plugins] [--config FILE] [--plugins DIR] [--port N] [--host ADDRESS] [--dev]
 *       [--set section.key=value]...
 * </pre>
 */
public final class Main {

    private static final String USAGE = """
            Usage: motor [run|check|plugins] [options]

            Commands:
              run                   start the server (the default)
              check                 validate the configuration and the plugins, then exit
              plugins               list the extensions in install order, then exit

            Options:
              --config FILE         read settings from a JSON file (default: conf/motor.json under
                                    the distribution's home, if it exists)
              --plugins DIR         load plugins from DIR (default: plugins/ under the home)
              --port N              listen on port N (0 picks a free port)
              --host ADDRESS        listen on this address only (default: all interfaces)
              --dev                 development mode: stack traces in error pages
              --set KEY=VALUE       set any setting, as in --set server.timeouts.idle=30s
              --version             print the version and exit
              --help                print this help and exit

            Settings come from the command line, then environment variables named after the
            setting (server.timeouts.idle is MOTOR_SERVER_TIMEOUTS_IDLE), then the file.

            Exit status: 0 after a clean stop or a successful check, 1 when the server or a plugin
            cannot start, 2 for a usage or configuration error.
            """;

    /** Environment variables the launcher itself uses, which are not settings. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("MOTOR_HOME", "MOTOR_OPTS");

    private Main() {
    }

    /**
     * Runs the server until it is stopped by a signal.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, java.util.Map<String, String> environment) {
        Path config = null;
        List<String[]> sets = new ArrayList<>();
        String command = "run";
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (i == 0 && (arg.equals("run") || arg.equals("check") || arg.equals("plugins"))) {
                    command = arg;
                    continue;
                }
                switch (arg) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--version" -> {
                        out.println("motor " + version());
                        return 0;
                    }
                    case "--config" -> config = Path.of(value(args, ++i, arg));
                    case "--plugins" -> sets.add(new String[] {"plugins.dir", value(args, ++i, arg)});
                    case "--port" -> sets.add(new String[] {"server.port", value(args, ++i, arg)});
                    case "--host" -> sets.add(new String[] {"server.host", value(args, ++i, arg)});
                    case "--dev" -> sets.add(new String[] {"server.developmentMode", "true"});
                    case "--set" -> {
                        String assignment = value(args, ++i, arg);
                        int eq = assignment.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--set needs KEY=VALUE, as in --set server.port=8081");
                        }
                        sets.add(new String[] {assignment.substring(0, eq), assignment.substring(eq + 1)});
                    }
                    default -> throw new UsageException("unknown option " + arg + " (see --help)");
                }
            }
        } catch (UsageException e) {
            err.println("motor: " + e.getMessage());
            return 2;
        }

        String home = System.getProperty("motor.home");
        Server server;
        JsonConfig.Overrides overrides;
        try {
            String source;
            java.util.Map<String, Object> tree;
            if (config == null) {
                Path fallback = home == null ? null : Path.of(home, "conf", "motor.json");
                config = fallback != null && Files.isRegularFile(fallback) ? fallback : null;
            }
            if (config != null) {
                source = config.toString();
                tree = Server.Builder.read(config);
            } else {
                source = "(command line)";
                tree = java.util.Map.of();
            }
            java.util.Map<String, String> commandLine = new java.util.LinkedHashMap<>();
            for (String[] set : sets) {
                commandLine.put(set[0], set[1]);
            }
            if (home != null && !commandLine.containsKey("plugins.dir")
                    && !(tree.get("plugins") instanceof java.util.Map<?, ?> plugins && plugins.containsKey("dir"))
                    && environment.get(JsonConfig.Overrides.environmentName("plugins.dir")) == null) {
                commandLine.put("plugins.dir", Path.of(home, "plugins").toString());
            }
            overrides = new JsonConfig.Overrides(commandLine, environment::get);
            Server.Builder builder = Server.builder().config(source, tree, overrides);
            if (home != null) {
                builder.baseDirectory(Path.of(home));
            }
            server = builder.build();
            if (command.equals("check")) {
                String table = server.check();
                out.println("configuration and plugins are fine; extensions in install order:");
                out.println(table);
                return 0;
            }
            if (command.equals("plugins")) {
                out.println(server.check());
                return 0;
            }
            server.start();
        } catch (ConfigException e) {
            err.println("motor: configuration error: " + e.getMessage());
            return 2;
        } catch (PluginException e) {
            err.println("motor: cannot load plugins:\n" + e.getMessage().indent(2).stripTrailing());
            return 1;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            err.println("motor: cannot start: " + e.getMessage());
            return 1;
        }
        List<String> unused = overrides.unconsultedEnvironment(environment.keySet().stream()
                .filter(name -> name.startsWith("MOTOR_") && !LAUNCHER_VARIABLES.contains(name))
                .collect(java.util.stream.Collectors.toSet()));
        if (!unused.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(Main.class).warn("environment variables that match no setting: {}",
                    String.join(", ", unused));
        }
        Server running = server;
        java.lang.Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("motor-shutdown").unstarted(running::stop));
        try {
            running.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    static String version() {
        var descriptor = Main.class.getModule().getDescriptor();
        if (descriptor != null && descriptor.version().isPresent()) {
            return descriptor.version().get().toString();
        }
        String implementation = Main.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "(development build)";
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
