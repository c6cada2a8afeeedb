package motor.bench.jmh;

import java.nio.charset.StandardCharsets;

/** The request heads the benchmarks parse and serve. */
final class Http {

    /** What a browser sends for a page: 12 header fields, 552 bytes. */
    static final String BROWSER_GET = """
            GET /articles/2026/motor-benchmarks?ref=home&lang=en HTTP/1.1\r
            Host: www.example.com\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Referer: https://www.example.com/\r
            Connection: keep-alive\r
            Cookie: session=3f2a9c7e41b84d0fa6c1e2b7d9a0c5f4; theme=dark; consent=1\r
            Upgrade-Insecure-Requests: 1\r
            Sec-Fetch-Dest: document\r
            Sec-Fetch-Mode: navigate\r
            Priority: u=0, i\r
            \r
            """;

    /** What {@code curl http://localhost:8080/plaintext} sends: 3 header fields, 87 bytes. */
    static final String CURL_GET = """
            GET /plaintext HTTP/1.1\r
            Host: localhost:8080\r
            User-Agent: curl/8.14.1\r
            Accept: */*\r
            \r
            """;

    /** What wrk sends in the load harness. */
    static final String WRK_PLAINTEXT = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
    static final String WRK_JSON = "GET /json HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";

    private Http() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] repeat(String s, int times) {
        return bytes(s.repeat(times));
    }
}
