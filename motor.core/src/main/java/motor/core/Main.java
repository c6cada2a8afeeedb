package motor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import motor.spi.extension.ConfigException;

/**
 * The command line: starts a server from a configuration file and flags, with every extension found on
 * the module path and class path, and stops it gracefully on SIGTERM or SIGINT.
 *
 * <pre>
 * motor [--config FILE] [--port N] [--host ADDRESS] [--dev] [--set section.key=value]...
 * </pre>
 */
public final class Main {

    private static final String USAGE = """
            Usage: motor [options]

            Starts a Motor HTTP server with the extensions on the module path.

            Options:
              --config FILE         read settings from a JSON file (default: conf/motor.json under
                                    the directory in the motor.home system property, if it exists)
              --port N              listen on port N (0 picks a free port)
              --host ADDRESS        listen on this address only (default: all interfaces)
              --dev                 development mode: stack traces in error pages
              --set KEY=VALUE       set any setting, as in --set server.timeouts.idle=30s
              --version             print the version and exit
              --help                print this help and exit

            Exit status: 0 after a clean stop, 1 when the server cannot start, 2 for a usage or
            configuration error.
            """;

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
        Path config = null;
        List<String[]> sets = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
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

        Server server;
        try {
            String source;
            ObjectNode tree;
            if (config == null) {
                String home = System.getProperty("motor.home");
                Path fallback = home == null ? null : Path.of(home, "conf", "motor.json");
                config = fallback != null && Files.isRegularFile(fallback) ? fallback : null;
            }
            if (config != null) {
                source = config.toString();
                tree = readObject(config);
            } else {
                source = "(command line)";
                tree = JsonNodeFactory.instance.objectNode();
            }
            for (String[] set : sets) {
                apply(tree, set[0], set[1]);
            }
            server = Server.builder().config(source, tree).build();
            server.start();
        } catch (ConfigException e) {
            err.println("motor: configuration error: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            err.println("motor: cannot start: " + e.getMessage());
            return 1;
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

    private static ObjectNode readObject(Path file) {
        try {
            JsonNode node = JsonMapper.builder().build().readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new ConfigException(file.toString(), "(file)", "the configuration must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file.toString(), "(file)", "the configuration file does not exist");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file.toString(), "(file)", "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "(file)", "cannot be read: " + e);
        }
    }

    /** Sets {@code a.b.c} in the tree to a string value, creating sections on the way. */
    static void apply(ObjectNode tree, String key, String value) {
        String[] path = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(path[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new ConfigException("(command line)", key, "'" + path[i] + "' is not a section");
            }
        }
        node.put(path[path.length - 1], value);
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
