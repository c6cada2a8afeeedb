package motor.ext.auth.internal;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import motor.ext.auth.Auth;
import motor.ext.auth.Authenticator;
import motor.ext.auth.Challenge;
import motor.ext.auth.Passwords;
import motor.spi.Middleware;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code auth} extension: guards the path prefixes listed in its {@code protect} settings with Basic
 * and/or Bearer authentication against the users and tokens of its {@code users} and {@code tokens}
 * settings, in one middleware at {@link Middleware#SECURITY} in which the most specific prefix decides.
 * It installs after the {@code security} extension when both are present, so that CORS preflights are
 * answered before authentication is asked for. Without {@code protect} settings it adds nothing; the API
 * in {@code motor.ext.auth} works either way.
 */
public final class AuthExtension implements Extension {

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public Set<String> after() {
        return Set.of("security");
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        Duration cache = config.duration("passwordCache", Passwords.DEFAULT_CACHE);
        if (cache.isNegative()) {
            throw new ConfigException(key(config, "passwordCache"), "must not be negative");
        }
        PasswordStore users = users(config.section("users"), cache);
        TokenStore tokens = tokens(config.section("tokens"));
        List<Protections.Rule> rules = new ArrayList<>();
        for (Config rule : config.sections("protect")) {
            rules.add(rule(rule, users, tokens));
        }
        if (rules.isEmpty()) {
            return;
        }
        Protections protections;
        try {
            protections = new Protections(rules);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "protect"), e.getMessage());
        }
        context.addMiddleware(Middleware.SECURITY, protections);
    }

    private static PasswordStore users(Config section, Duration cache) {
        Map<String, PasswordHash> hashes = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String text = section.string(name, "");
            try {
                PasswordStore.checkUserName(name);
                hashes.put(name, PasswordHash.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(section, name), e.getMessage());
            }
        }
        if (hashes.isEmpty()) {
            return null;
        }
        try {
            return new PasswordStore(hashes, cache, System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage());
        }
    }

    private static TokenStore tokens(Config section) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String text = section.string(name, "");
            try {
                TokenStore.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(section, name), e.getMessage());
            }
            hashes.put(name, text);
        }
        if (hashes.isEmpty()) {
            return null;
        }
        try {
            return new TokenStore(hashes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage());
        }
    }

    private static Protections.Rule rule(Config rule, PasswordStore users, TokenStore tokens) {
        PathPrefix prefix;
        try {
            prefix = PathPrefix.parse(rule.require("prefix"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(rule, "prefix"), e.getMessage());
        }
        String realm = rule.require("realm");
        try {
            Challenge.basic(realm);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(rule, "realm"), e.getMessage());
        }
        List<String> schemes = rule.strings("scheme", List.of());
        if (schemes.isEmpty()) {
            throw new ConfigException(key(rule, "scheme"), "a value is required: \"basic\", \"bearer\" or both");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Authenticator> authenticators = new ArrayList<>();
        for (String scheme : schemes) {
            String lower = scheme.strip().toLowerCase(Locale.ROOT);
            if (!seen.add(lower)) {
                throw new ConfigException(key(rule, "scheme"), "\"" + lower + "\" is listed twice");
            }
            switch (lower) {
                case "basic" -> {
                    if (users == null) {
                        throw new ConfigException(key(rule, "scheme"), "basic needs users in the auth.users setting");
                    }
                    authenticators.add(new BasicAuthenticator(realm, users));
                }
                case "bearer" -> {
                    if (tokens == null) {
                        throw new ConfigException(key(rule, "scheme"), "bearer needs tokens in the auth.tokens setting");
                    }
                    authenticators.add(new BearerAuthenticator(realm, tokens));
                }
                default -> throw new ConfigException(key(rule, "scheme"),
                        "expected \"basic\" or \"bearer\", found \"" + scheme + "\"");
            }
        }
        List<String> allow = rule.strings("allow", null);
        if (allow != null && allow.isEmpty()) {
            throw new ConfigException(key(rule, "allow"), "an empty list would let nobody in; leave the setting out to"
                    + " let every user and token of the scheme in");
        }
        allow = allow == null ? List.of() : allow;
        for (String name : allow) {
            boolean known = (seen.contains("basic") && users.contains(name))
                    || (seen.contains("bearer") && tokens.names().contains(name));
            if (!known) {
                throw new ConfigException(key(rule, "allow"), "no user or token named \"" + name
                        + "\" can sign in here");
            }
        }
        Predicate<Principal> allowed = allow.isEmpty() ? principal -> true : Auth.allowUsers(allow.toArray(String[]::new));
        Authenticator authenticator = authenticators.size() == 1 ? authenticators.get(0) : new AnyOf(authenticators);
        return new Protections.Rule(prefix, new Guard(authenticator, allowed));
    }

    private static String key(Config section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }
}
