package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Asterisk Manager Interface of the simulated Asterisk 22 (AMI 11.0.0), as much as the doctor needs:
 * the banner, Challenge (MD5), Login (plain secret or MD5 key), CoreSettings, QueueSummary and QueueStatus
 * with their list events and Complete events, Ping, Logoff. Message shapes follow main/manager.c and
 * apps/app_queue.c of Asterisk 22 ({@code astman_send_response_full}, {@code astman_send_listack},
 * {@code astman_send_list_complete_start}, {@code manager_queues_summary}, {@code manager_queues_status}):
 * lines end in CRLF, a message in an empty line, ActionID is echoed after Response and at the end of list
 * events. Permissions as in manager.c: before Login only Login, Challenge and Logoff; QueueSummary and
 * QueueStatus need none (registered with 0); CoreSettings needs write {@code system} or {@code reporting};
 * Command needs write {@code command}. A failed Login answers after 1 s and closes, as Asterisk does.
 */
final class AmiServer {

    private static final Logger log = LoggerFactory.getLogger(AmiServer.class);
    static final String BANNER = "Asterisk Call Manager/11.0.0";

    /** A manager.conf user: its secret and its write permissions (e.g. {@code reporting}). */
    record User(String secret, Set<String> write) {}

    /** A queue as app_queue reports it. */
    record Queue(String name, String strategy, List<Member> members, int callers) {}

    /**
     * A member: {@code status} is Asterisk's device state (1 not in use, 2 in use, 4 invalid, 5 unavailable,
     * 6 ringing); QueueSummary's LoggedIn counts members not unavailable or invalid.
     */
    record Member(String location, String name, int status, boolean paused) {}

    private final Vertx vertx;
    private final Map<String, User> users;
    private final Function<String, List<Queue>> queues;
    private NetServer server;

    /** @param queues the queues matching a filter (empty filter: all), asked for on every request */
    AmiServer(Vertx vertx, Map<String, User> users, Function<String, List<Queue>> queues) {
        this.vertx = vertx;
        this.users = Map.copyOf(users);
        this.queues = queues;
    }

    Future<Integer> listen(String host, int port) {
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port));
        server.connectHandler(s -> new Session(s).start());
        return server.listen().map(NetServer::actualPort);
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private final class Session {
        private final NetSocket socket;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String challenge;
        private User user;
        private boolean closing;

        Session(NetSocket socket) {
            this.socket = socket;
        }

        void start() {
            RecordParser lines = RecordParser.newDelimited("\r\n", this::line);
            socket.handler(lines);
            socket.write(BANNER + "\r\n");
        }

        private void line(Buffer b) {
            String line = b.toString(StandardCharsets.UTF_8);
            if (closing) {
                return;
            }
            if (line.isEmpty()) {
                if (!headers.isEmpty()) {
                    Map<String, String> m = new LinkedHashMap<>(headers);
                    headers.clear();
                    act(m);
                }
                return;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }

        private void act(Map<String, String> m) {
            String action = m.getOrDefault("action", "");
            String id = m.get("actionid");
            if (action.isEmpty()) {
                send(response("Error", id, null, "Missing action in request"));
                return;
            }
            String a = action.toLowerCase(Locale.ROOT);
            if (user == null && !a.equals("login") && !a.equals("logoff") && !a.equals("challenge")) {
                send(response("Error", id, null, "Permission denied"));
                return;
            }
            switch (a) {
                case "challenge" -> challenge(m, id);
                case "login" -> login(m, id);
                case "logoff" -> {
                    send(response("Goodbye", id, null, "Thanks for all the fish."));
                    closing = true;
                    socket.end();
                }
                case "ping" -> send(new StringBuilder("Response: Success\r\n").append(idLine(id))
                        .append("Ping: Pong\r\nTimestamp: ").append(System.currentTimeMillis() / 1000.0)
                        .append("\r\n\r\n").toString());
                case "coresettings" -> coreSettings(id);
                case "command" -> {
                    if (user.write().contains("command")) {
                        send(response("Error", id, null, "Not implemented by the Asterisk simulator"));
                    } else {
                        send(response("Error", id, null, "Permission denied"));
                    }
                }
                case "queuesummary" -> queueSummary(m.getOrDefault("queue", ""), id);
                case "queuestatus" -> queueStatus(m.getOrDefault("queue", ""), m.getOrDefault("member", ""), id);
                default -> send(response("Error", id, null, "Invalid/unknown command: " + action
                        + ". Use Action: ListCommands to show available commands."));
            }
        }

        private void challenge(Map<String, String> m, String id) {
            if (!"md5".equalsIgnoreCase(m.getOrDefault("authtype", ""))) {
                send(response("Error", id, null, "Must specify AuthType"));
                return;
            }
            if (challenge == null) {
                challenge = Long.toString(ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE));
            }
            send("Response: Success\r\n" + idLine(id) + "Challenge: " + challenge + "\r\n\r\n");
        }

        private void login(Map<String, String> m, String id) {
            if (user != null) {
                send(response("Success", id, null, "Already authenticated"));
                return;
            }
            User u = users.get(m.getOrDefault("username", ""));
            boolean ok = false;
            if (u != null) {
                String key = m.get("key");
                if ("md5".equalsIgnoreCase(m.getOrDefault("authtype", "")) && key != null && challenge != null) {
                    ok = key.equalsIgnoreCase(md5(challenge + u.secret()));
                } else {
                    ok = u.secret().equals(m.get("secret"));
                }
            }
            if (!ok) {
                log.info("AMI: authentication failed for '{}'", m.getOrDefault("username", ""));
                closing = true;
                vertx.setTimer(1000, t -> { // manager.c sleeps 1 s, answers, and ends the session
                    socket.write(response("Error", id, null, "Authentication failed"));
                    socket.end();
                });
                return;
            }
            user = u;
            send(response("Success", id, null, "Authentication accepted"));
        }

        private void coreSettings(String id) {
            if (!user.write().contains("system") && !user.write().contains("reporting")) {
                send(response("Error", id, null, "Permission denied"));
                return;
            }
            send("Response: Success\r\n" + idLine(id) + "AMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\n"
                    + "SystemName: \r\nCoreMaxCalls: 0\r\nCoreMaxLoadAvg: 0.000000\r\nCoreRunUser: asterisk\r\n"
                    + "CoreRunGroup: asterisk\r\nCoreMaxFilehandles: 0\r\nCoreRealTimeEnabled: No\r\n"
                    + "CoreCDRenabled: Yes\r\nCoreHTTPenabled: Yes\r\nSoundsSearchCustomDir: No\r\n\r\n");
        }

        private void queueSummary(String filter, String id) {
            send(listAck(id, "Queue summary will follow"));
            List<Queue> list = queues.apply(filter);
            StringBuilder out = new StringBuilder();
            for (Queue q : list) {
                int loggedIn = 0;
                int available = 0;
                for (Member mem : q.members()) {
                    if (mem.status() != 5 && mem.status() != 4) {
                        loggedIn++;
                        if ((mem.status() == 1 || mem.status() == 0) && !mem.paused()) {
                            available++;
                        }
                    }
                }
                out.append("Event: QueueSummary\r\nQueue: ").append(q.name()).append("\r\nLoggedIn: ").append(loggedIn)
                        .append("\r\nAvailable: ").append(available).append("\r\nCallers: ").append(q.callers())
                        .append("\r\nHoldTime: 0\r\nTalkTime: 0\r\nLongestHoldTime: 0\r\n").append(idLine(id))
                        .append("\r\n");
            }
            out.append(complete("QueueSummaryComplete", id, list.size()));
            send(out.toString());
        }

        private void queueStatus(String filter, String memberFilter, String id) {
            send(listAck(id, "Queue status will follow"));
            StringBuilder out = new StringBuilder();
            int items = 0;
            for (Queue q : queues.apply(filter)) {
                out.append("Event: QueueParams\r\nQueue: ").append(q.name()).append("\r\nMax: 0\r\nStrategy: ")
                        .append(q.strategy()).append("\r\nCalls: ").append(q.callers())
                        .append("\r\nHoldtime: 0\r\nTalkTime: 0\r\nCompleted: 0\r\nAbandoned: 0\r\nServiceLevel: 0\r\n"
                                + "ServicelevelPerf: 0.0\r\nServicelevelPerf2: 0.0\r\nWeight: 0\r\n")
                        .append(idLine(id)).append("\r\n");
                items++;
                for (Member mem : q.members()) {
                    if (!memberFilter.isEmpty() && !memberFilter.equals(mem.location()) && !memberFilter.equals(mem.name())) {
                        continue;
                    }
                    out.append("Event: QueueMember\r\nQueue: ").append(q.name()).append("\r\nName: ").append(mem.name())
                            .append("\r\nLocation: ").append(mem.location()).append("\r\nStateInterface: ")
                            .append(mem.location()).append("\r\nMembership: static\r\nPenalty: 0\r\nCallsTaken: 0\r\n"
                                    + "LastCall: 0\r\nLastPause: 0\r\nLoginTime: 0\r\nInCall: 0\r\nStatus: ")
                            .append(mem.status()).append("\r\nPaused: ").append(mem.paused() ? 1 : 0)
                            .append("\r\nPausedReason: \r\nWrapuptime: 0\r\n").append(idLine(id)).append("\r\n");
                    items++;
                }
            }
            out.append(complete("QueueStatusComplete", id, items));
            send(out.toString());
        }

        private void send(String text) {
            if (!closing || text.startsWith("Response: Goodbye")) {
                socket.write(text);
            }
        }
    }

    private static String idLine(String id) {
        return id == null || id.isEmpty() ? "" : "ActionID: " + id + "\r\n";
    }

    private static String response(String resp, String id, String listFlag, String message) {
        return "Response: " + resp + "\r\n" + idLine(id) + (listFlag == null ? "" : "EventList: " + listFlag + "\r\n")
                + (message == null ? "" : "Message: " + message + "\r\n") + "\r\n";
    }

    private static String listAck(String id, String message) {
        return response("Success", id, "start", message);
    }

    private static String complete(String event, String id, int count) {
        return "Event: " + event + "\r\n" + idLine(id) + "EventList: Complete\r\nListItems: " + count + "\r\n\r\n";
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues of the simulator as app_queue lists them; members one per queue (its agent interface). */
    static List<Queue> fromSimulator(Map<String, QueueBehaviour> defined, String filter) {
        List<Queue> out = new ArrayList<>();
        defined.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (filter.isEmpty() || e.getKey().equalsIgnoreCase(filter)) {
                QueueBehaviour b = e.getValue();
                String location = b.agentChannel();
                out.add(new Queue(e.getKey(), "rrmemory", List.of(new Member(location, location, b.memberStatus(),
                        false)), 0));
            }
        });
        return out;
    }
}
