package motor.ext.auth.internal;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import motor.ext.auth.Passwords;
import motor.ext.auth.Tokens;

/** The command lines behind {@link Passwords#main} and {@link Tokens#main}, with their streams passed in. */
public final class HashTool {

    private HashTool() {
    }

    /**
     * Hashes a password.
     *
     * @param args    {@code [--iterations N]}
     * @param console the console, or {@code null} to read standard input
     * @param in      standard input
     * @param out     where the hash goes
     * @param err     where problems go
     * @return the exit status
     */
    public static int password(String[] args, Console console, BufferedReader in, PrintStream out, PrintStream err) {
        int iterations = Passwords.DEFAULT_ITERATIONS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations") && i + 1 < args.length) {
                try {
                    iterations = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    err.println("--iterations needs a number");
                    return 2;
                }
            } else {
                err.println("usage: java -cp motor-ext-auth.jar motor.ext.auth.Passwords [--iterations N]");
                err.println("reads the password from the console (twice, without echo) or from the first line of stdin");
                return 2;
            }
        }
        char[] password = null;
        try {
            if (console != null) {
                password = console.readPassword("Password: ");
                char[] again = console.readPassword("Again: ");
                if (password == null || again == null) {
                    err.println("no password given");
                    return 1;
                }
                boolean same = Arrays.equals(password, again);
                Arrays.fill(again, '\0');
                if (!same) {
                    err.println("the passwords differ");
                    return 1;
                }
            } else {
                String line = in.readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password.length == 0) {
                err.println("an empty password is refused");
                return 1;
            }
            out.println(Passwords.hash(password, iterations));
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * Generates a token and its hash, or hashes a token from standard input.
     *
     * @param args {@code [--hash]}
     * @param in   standard input
     * @param out  where the results go
     * @param err  where problems go
     * @return the exit status
     */
    public static int token(String[] args, BufferedReader in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            String token = Tokens.generate();
            out.println("token: " + token);
            out.println("hash:  " + Tokens.hash(token));
            return 0;
        }
        if (args.length == 1 && args[0].equals("--hash")) {
            try {
                String line = in.readLine();
                if (line == null || !Syntax.isToken68(line.strip())) {
                    err.println("expected a token (letters, digits, - . _ ~ + / and trailing =) on the first line of stdin");
                    return 1;
                }
                out.println(Tokens.hash(line.strip()));
                return 0;
            } catch (IOException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        err.println("usage: java -cp motor-ext-auth.jar motor.ext.auth.Tokens [--hash]");
        err.println("without options: prints a new token and its hash; --hash: the hash of the token on stdin");
        return 2;
    }
}
