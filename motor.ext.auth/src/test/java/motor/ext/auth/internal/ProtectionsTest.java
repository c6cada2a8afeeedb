package motor.ext.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import motor.ext.auth.Authenticator;
import motor.ext.auth.User;
import motor.spi.Handler;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/** Which guard a path falls under when several prefixes are protected. */
class ProtectionsTest {

    private final List<String> calls = new ArrayList<>();

    /** A guard that lets everybody in and records that it ran. */
    private Protections.Rule rule(String prefix) {
        Authenticator recording = request -> {
            calls.add(prefix);
            return Authenticator.Result.authenticated(new User("u", "Test"));
        };
        return new Protections.Rule(PathPrefix.parse(prefix), new Guard(recording, p -> true));
    }

    private List<String> guards(Protections protections, String... segments) throws Exception {
        calls.clear();
        List<String> reached = new ArrayList<>();
        Handler next = (request, response) -> reached.add("next");
        protections.handle(PathPrefixTest.at(segments), null, next);
        assertEquals(List.of("next"), reached);
        return List.copyOf(calls);
    }

    @Test
    void theMostSpecificPrefixDecides() throws Exception {
        Protections p = new Protections(List.of(rule("/admin/"), rule("/admin/reports/"), rule("/")));
        assertEquals(List.of("/admin/reports/"), guards(p, "admin", "reports", "x"));
        assertEquals(List.of("/admin/"), guards(p, "admin", "users"));
        assertEquals(List.of("/"), guards(p, "public"));
    }

    @Test
    void unprotectedPathsPassUntouched() throws Exception {
        Protections p = new Protections(List.of(rule("/admin/")));
        assertEquals(List.of(), guards(p, "public"));
        assertEquals(List.of(), guards(p, "administrator"));
    }

    @Test
    void whenTheReadingsDisagreeBothGuardsRun() throws Exception {
        Protections p = new Protections(List.of(rule("/admin/"), rule("/admin/reports/")));
        // the router sees /admin/{x/../reports}; a file system sees /admin/reports
        assertEquals(List.of("/admin/", "/admin/reports/"), guards(p, "admin", "x/../reports"));
        // the router sees /public/{..;}/admin ... after the core resolved nothing; a servlet-style reader /admin
        assertEquals(List.of("/admin/"), guards(p, "public", "..;", "admin"));
    }

    @Test
    void aPrefixProtectedTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Protections(List.of(rule("/admin"), rule("/ADMIN/"))));
    }

    @Test
    void theRequestIsStoppedByTheFirstGuard() {
        Authenticator refusing = request -> Authenticator.Result.noCredentials(motor.ext.auth.Challenge.basic("r"));
        Protections p = new Protections(List.of(new Protections.Rule(PathPrefix.parse("/a"), new Guard(refusing, x -> true))));
        HttpException e = assertThrows(HttpException.class,
                () -> p.handle(PathPrefixTest.at("a"), null, (rq, rs) -> { throw new AssertionError("passed"); }));
        assertEquals(401, e.status());
    }
}
