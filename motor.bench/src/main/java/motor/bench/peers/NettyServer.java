package motor.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 with the native epoll transport when it loads here (NIO otherwise; the READY line says
 * which), one event loop per available CPU, and the minimal pipeline of Netty's own hello-world
 * example: {@code HttpServerCodec} and a handler that writes a full response per request and flushes
 * once per read batch (so pipelined responses leave together). Header names and values are pre-built
 * {@link AsciiString}s, the response headers unvalidated, the body of /plaintext a shared read-only
 * buffer; a {@code Date} header is formatted once a second, as the other servers send one. Netty has
 * no idle timeout unless one adds an {@code IdleStateHandler}: idle connections stay open.
 */
public final class NettyServer {

    private static final AsciiString TEXT = AsciiString.cached(Common.TEXT_PLAIN);
    private static final AsciiString JSON = AsciiString.cached(Common.APPLICATION_JSON);
    private static final AsciiString SERVER = AsciiString.cached("Netty");
    private static final AsciiString HELLO_LENGTH = AsciiString.cached(String.valueOf(Common.HELLO.length));
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(Common.HELLO.length).writeBytes(Common.HELLO)).asReadOnly();
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);
    private static final DefaultHttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
            .withValidation(false);

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private static volatile AsciiString date = formatDate();

    private NettyServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Common.port(args);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int threads = Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        group.scheduleAtFixedRate(() -> date = formatDate(), 1000, 1000, TimeUnit.MILLISECONDS);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Routes());
                    }
                });
        Channel server = bootstrap.bind(Common.HOST, port).sync().channel();
        Common.ready("netty", port, "netty transport " + (epoll ? "epoll (native)"
                : "NIO (epoll unavailable: " + Epoll.unavailabilityCause() + ")") + ", " + threads + " event loop(s)");
        server.closeFuture().sync();
    }

    private static AsciiString formatDate() {
        return new AsciiString(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    /** Answers each request as it arrives; the codec's body pieces (none for GET) are released. */
    static final class Routes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    respond(ctx, request);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void respond(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                write(ctx, request, HttpResponseStatus.BAD_REQUEST, TEXT, Unpooled.EMPTY_BUFFER, false);
                return;
            }
            String uri = request.uri();
            boolean plaintext = uri.equals("/plaintext");
            if (!plaintext && !uri.equals("/json")) {
                write(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT, Unpooled.EMPTY_BUFFER, true);
            } else if (!request.method().equals(HttpMethod.GET)) {
                write(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, Unpooled.EMPTY_BUFFER, true);
            } else if (plaintext) {
                write(ctx, request, HttpResponseStatus.OK, TEXT, HELLO.duplicate(), true);
            } else {
                write(ctx, request, HttpResponseStatus.OK, JSON, Unpooled.wrappedBuffer(Common.json()), true);
            }
        }

        private static void write(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                                  AsciiString type, ByteBuf body, boolean keepAliveAllowed) {
            boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(request);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body,
                    HEADERS, TRAILERS);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, date);
            int length = body.readableBytes();
            if (length == Common.HELLO.length) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, HELLO_LENGTH);
            } else {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
            }
            if (keepAlive && request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            if (!keepAlive) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.write(response, ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
