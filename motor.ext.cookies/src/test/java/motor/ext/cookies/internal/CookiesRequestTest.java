package motor.ext.cookies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import motor.ext.cookies.Cookie;
import motor.ext.cookies.Cookies;
import motor.ext.cookies.SetCookie;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** Cookies read from a request's headers and set on a response, without a server. */
class CookiesRequestTest {

    @Test
    void everyCookieHeaderCountsInOrder() {
        TestRequest request = TestRequest.builder().header("Cookie", "a=1; b=2").header("Cookie", "a=3").build();
        assertEquals(List.of(new Cookie("a", "1"), new Cookie("b", "2"), new Cookie("a", "3")), Cookies.all(request));
        assertEquals("1", Cookies.get(request, "a"));
        assertEquals(List.of("1", "3"), Cookies.getAll(request, "a"));
        assertNull(Cookies.get(request, "A"), "names are case-sensitive");
        assertEquals(List.of(), Cookies.getAll(request, "none"));
    }

    @Test
    void parsedOncePerRequest() {
        TestRequest request = TestRequest.builder().header("Cookie", "a=1").build();
        List<Cookie> first = Cookies.all(request);
        assertSame(first, Cookies.all(request));
        request.attributes().put("motor.ext.cookies.parsed", "something else");
        assertEquals(first, Cookies.all(request), "a foreign attribute of that name is not taken for the cookies");
    }

    @Test
    void noCookieHeader() {
        TestRequest request = TestRequest.builder().build();
        assertEquals(List.of(), Cookies.all(request));
        assertNull(Cookies.get(request, "a"));
    }

    @Test
    void setAddsOneHeaderPerCookie() {
        TestResponse response = new TestResponse();
        Cookies.set(response, SetCookie.builder("a", "1").build());
        Cookies.set(response, SetCookie.builder("b", "2").build());
        assertEquals(List.of("a=1; Path=/; HttpOnly; SameSite=Lax", "b=2; Path=/; HttpOnly; SameSite=Lax"),
                response.headers().all("Set-Cookie"));
    }
}
