// A dependency-free HTTP/1.1 load client for the Candor benchmark: java bench/OpenLoad.java [options]
//
//   --host 127.0.0.1 --port 8099
//   --requests FILE     one request per line: METHOD \t PATH [\t HEADER|HEADER... [\t BODY]]
//                       (headers "Name: value" separated by '|'); a line that is only a path is a GET
//   --pick random|once  random: each request picks a random line (reads); once: every line is sent at most
//                       once, in order, and the run ends when the lines run out (writes on pre-registered data)
//   --rate R            open model: request i is due at start + i/R, whether or not earlier ones have
//                       answered; latency is measured from that intended time, so a stall is charged to every
//                       request that should have been sent during it (no coordinated omission)
//   --rate 0            closed model: each connection sends its next request as soon as the last one answered
//   --connections C     fixed pool: C connections, each driven by its own thread (keep-alive)
//   --duration S        seconds; the run stops itself after S seconds (plus at most --timeout for stragglers)
//   --timeout S         socket read timeout per request (default 10)
//   --warmup S          seconds of load before measuring (default 0)
//
// Prints one line: RESULT requests=.. ok=.. non2xx=.. errors=.. seconds=.. rate=.. p50=.. p90=.. p99=.. p999=.. max=..
// (latencies in ms), then up to five distinct non-2xx answers. Exit status 0 even with errors: the caller decides.
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class OpenLoad {

    record Req(byte[] bytes) {
    }

    static String host = "127.0.0.1";
    static int port = 8099;
    static double rate = 0;
    static int connections = 8;
    static double duration = 10;
    static double warmup = 0;
    static int timeoutMs = 10_000;
    static boolean once = false;

    public static void main(String[] args) throws Exception {
        String file = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--requests" -> file = v;
                case "--pick" -> once = v.equals("once");
                case "--rate" -> rate = Double.parseDouble(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--timeout" -> timeoutMs = (int) (Double.parseDouble(v) * 1000);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Req> requests = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            if (!line.isBlank()) {
                requests.add(parse(line));
            }
        }
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests in " + file);
        }
        run(requests);
    }

    static Req parse(String line) {
        String[] f = line.split("\t", 4);
        String method = f.length == 1 ? "GET" : f[0];
        String path = f.length == 1 ? f[0] : f[1];
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        if (f.length > 2 && !f[2].isEmpty()) {
            for (String h : f[2].split("\\|")) {
                sb.append(h).append("\r\n");
            }
        }
        byte[] body = f.length > 3 ? f[3].getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (f.length > 3) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return new Req(all);
    }

    static final AtomicLong next = new AtomicLong();
    static final AtomicLong ok = new AtomicLong();
    static final AtomicLong non2xx = new AtomicLong();
    static final AtomicLong errors = new AtomicLong();
    static final Map<String, Integer> samples = new ConcurrentHashMap<>();

    static void run(List<Req> requests) throws Exception {
        long startNanos = System.nanoTime() + 50_000_000L;
        long warmNanos = (long) (warmup * 1e9);
        long endNanos = startNanos + warmNanos + (long) (duration * 1e9);
        long measureFrom = startNanos + warmNanos;
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        int capacity = rate > 0 ? (int) Math.min(Integer.MAX_VALUE - 8, rate * (duration + warmup) / connections * 2 + 1024) : 1 << 20;
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int me = c;
            threads[c] = new Thread(() -> {
                long[] lat = new long[capacity];
                int n = 0;
                Conn conn = null;
                while (System.nanoTime() < startNanos) {
                    LockSupport.parkNanos(startNanos - System.nanoTime());
                }
                while (true) {
                    long i = next.getAndIncrement();
                    if (once && i >= requests.size()) {
                        break;
                    }
                    long due = rate > 0 ? startNanos + (long) (i * intervalNanos) : System.nanoTime();
                    if (due >= endNanos || System.nanoTime() >= endNanos) {
                        break;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Req req = once ? requests.get((int) i) : requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
                    int status;
                    try {
                        if (conn == null) {
                            conn = new Conn();
                        }
                        status = conn.exchange(req.bytes);
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        samples.merge("I/O: " + e, 1, Integer::sum);
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                        continue;
                    }
                    long done = System.nanoTime();
                    if (status >= 200 && status < 300) {
                        ok.incrementAndGet();
                    } else {
                        non2xx.incrementAndGet();
                        if (samples.size() < 20) {
                            samples.merge(status + " " + conn.lastBody(), 1, Integer::sum);
                        }
                    }
                    if (due >= measureFrom) {
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, lat.length * 2);
                        }
                        lat[n++] = done - due;
                    }
                    if (conn.mustClose) {
                        conn.close();
                        conn = null;
                    }
                }
                if (conn != null) {
                    conn.close();
                }
                latencies[me] = lat;
                counts[me] = n;
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long finished = Math.min(System.nanoTime(), endNanos);
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = Math.max(1e-9, (Math.max(finished, System.nanoTime()) - measureFrom) / 1e9);
        if (once && finished < endNanos) {
            seconds = Math.max(1e-9, (System.nanoTime() - measureFrom) / 1e9);
        }
        System.out.printf(Locale.ROOT, "RESULT requests=%d ok=%d non2xx=%d errors=%d seconds=%.2f rate=%.1f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f%n",
                total, ok.get(), non2xx.get(), errors.get(), seconds, total / seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        samples.entrySet().stream().limit(5).forEach(e -> System.out.println("  " + e.getValue() + "x " + e.getKey()));
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }

    /** One keep-alive HTTP/1.1 connection; reads Content-Length and chunked bodies. */
    static final class Conn {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        boolean mustClose;
        byte[] body = new byte[0];

        Conn() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (status == null || !status.startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            mustClose = false;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> mustClose = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while ((h = line()) != null && !h.isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    copy(n, buf);
                    line();
                }
            } else if (length >= 0) {
                copy(length, buf);
            } else if (code != 204 && code != 304) {
                mustClose = true;
                in.transferTo(buf);
            }
            body = buf.toByteArray();
            return code;
        }

        String lastBody() {
            String s = new String(body, StandardCharsets.UTF_8);
            return s.length() > 300 ? s.substring(0, 300) : s;
        }

        private void copy(long n, ByteArrayOutputStream buf) throws IOException {
            byte[] b = new byte[8192];
            while (n > 0) {
                int r = in.read(b, 0, (int) Math.min(b.length, n));
                if (r < 0) {
                    throw new IOException("connection closed mid-body");
                }
                buf.write(b, 0, r);
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            if (sb.length() == 0) {
                throw new IOException("connection closed");
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
