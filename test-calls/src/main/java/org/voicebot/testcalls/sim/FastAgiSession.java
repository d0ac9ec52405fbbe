package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.voicebot.testcalls.sim.dialplan.AppArgs;
import org.voicebot.testcalls.sim.dialplan.DialplanException;
import org.voicebot.testcalls.sim.dialplan.Expressions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Asterisk's side of FastAGI ({@code AGI(agi://host:port/script?query,arg1,...)}) as res_agi of 22.10.1 speaks it
 * (trace 05): header block, then one command at a time with the same reply texts, {@code HANGUP} when the caller
 * hangs up, 511 for channel commands after that, AGISTATUS when the server closes the socket.
 */
final class FastAgiSession {

    static final String R510 = "510 Invalid or unknown command";
    static final String R511 = "511 Command Not Permitted on a dead channel or intercept routine";
    static final String R520 = "520 Invalid command syntax.  Proper usage not available.";
    private static final long THREAD_ID = 140268692817600L;

    /** Real res_agi commands this simulator does not play: they are protocol errors, not "unknown". */
    private static final Set<String> NOT_SIMULATED = Set.of("asyncagi", "channel", "control", "database", "get data",
            "get option", "gosub", "receive", "record", "say alpha", "say date", "say datetime", "say number",
            "say phonetic", "say time", "send", "set autohangup", "set callerid", "set context", "set extension",
            "set music", "set priority", "speech", "tdd");

    private record Command(String[] words, boolean deadOk, Function<List<String>, Future<String>> handler) {
    }

    private final DialplanRunner runner;
    private final AsteriskSimulator sim;
    private final SimulatedCall call;
    private final SimChannel c;
    private final String data;
    private final List<Command> commands = new ArrayList<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private final Promise<Integer> done = Promise.promise();

    private String url;
    private NetSocket socket;
    private boolean busy;
    private boolean closed;
    private boolean finished;
    private boolean hangupLineDue;
    private boolean hangupSent;
    private boolean failure;
    private Runnable commandInterrupt;

    FastAgiSession(DialplanRunner runner, String data) {
        this.runner = runner;
        this.sim = runner.sim;
        this.call = runner.call;
        this.c = runner.c;
        this.data = data;
        command(true, this::noop, "noop");
        command(false, this::answer, "answer");
        command(true, this::exec, "exec");
        command(true, this::getVariable, "get", "variable");
        command(true, this::getFullVariable, "get", "full", "variable");
        command(false, this::hangup, "hangup");
        command(false, this::sayDigits, "say", "digits");
        command(true, this::setVariable, "set", "variable");
        command(false, this::streamFile, "stream", "file");
        command(true, this::verbose, "verbose");
        command(false, this::waitForDigit, "wait", "for", "digit");
    }

    private void command(boolean deadOk, Function<List<String>, Future<String>> h, String... words) {
        commands.add(new Command(words, deadOk, h));
    }

    Future<Integer> run() {
        List<String> args = AppArgs.split(data);
        url = AppArgs.arg(args, 0);
        if (!url.startsWith("agi://")) {
            String msg = "AGI(" + url + "): only FastAGI (agi://host:port/script) is simulated";
            runner.protocolError(msg);
            runner.hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, msg);
            return Future.succeededFuture(-1);
        }
        if (runner.hungUp) {
            return Future.succeededFuture(-1);
        }
        String rest = url.substring("agi://".length());
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String script = slash < 0 ? "" : rest.substring(slash + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? 4573 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            call.log("WARNING Unable to parse port in url '" + url + "'");
            return fail();
        }
        String hostPortText = host + ":" + port;
        sim.connectTcp(host, port).onComplete(ar -> {
            if (ar.failed()) {
                // trace 06: both warnings, AGISTATUS=FAILURE, the dialplan continues
                call.log("WARNING Connecting to '" + hostPortText + "' failed for url '" + url + "': "
                        + AudioSocketAppSession.reason(ar.cause()));
                call.log("WARNING Couldn't connect to any host.  FastAGI failed.");
                fail();
                return;
            }
            socket = ar.result();
            start(script, args.subList(1, args.size()));
        });
        return done.future();
    }

    private Future<Integer> fail() {
        sim.setVar(c, "AGISTATUS", "FAILURE", c.inStasis);
        done.tryComplete(0);
        return done.future();
    }

    private void start(String script, List<String> agiArgs) {
        RecordParser lines = RecordParser.newDelimited("\n", this::onLine);
        socket.handler(lines);
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> call.agi("-- socket error: " + e));
        runner.topLevelHangupHook().accept(this::channelHungUp);
        StringBuilder h = new StringBuilder();
        header(h, "agi_network", "yes");
        header(h, "agi_network_script", script);
        header(h, "agi_request", url);
        header(h, "agi_channel", c.name);
        header(h, "agi_language", "en");
        header(h, "agi_type", c.name.substring(0, c.name.indexOf('/')));
        header(h, "agi_uniqueid", c.id);
        header(h, "agi_version", "22.10.1");
        header(h, "agi_callerid", orUnknown(c.callerNumber));
        header(h, "agi_calleridname", orUnknown(c.callerName));
        header(h, "agi_callingpres", "0");
        header(h, "agi_callingani2", "0");
        header(h, "agi_callington", "0");
        header(h, "agi_callingtns", "0");
        header(h, "agi_dnid", orUnknown(c.dnid));
        header(h, "agi_rdnis", "unknown");
        header(h, "agi_context", runner.context());
        header(h, "agi_extension", runner.exten());
        header(h, "agi_priority", Integer.toString(runner.priority()));
        header(h, "agi_enhanced", "0.0");
        header(h, "agi_accountcode", "");
        header(h, "agi_threadid", Long.toString(THREAD_ID + (Math.abs(c.id.hashCode()) % 1000) * 4096L));
        for (int i = 0; i < agiArgs.size(); i++) {
            header(h, "agi_arg_" + (i + 1), agiArgs.get(i));
        }
        h.append('\n');
        call.agi("A: ");
        socket.write(Buffer.buffer(h.toString()));
        if (runner.hungUp) {
            channelHungUp();
        }
    }

    private void header(StringBuilder h, String key, String value) {
        String line = key + ": " + value;
        call.agi("A: " + line);
        h.append(line).append('\n');
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? "unknown" : s;
    }

    // =====================================================================================================
    // command loop

    private void onLine(Buffer b) {
        String line = b.toString();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (closed || finished) {
            return;
        }
        call.agi("S: " + line);
        pending.add(line);
        drain();
    }

    private void drain() {
        while (!busy && !closed && !finished && !pending.isEmpty()) {
            execute(pending.poll());
        }
    }

    private void execute(String line) {
        List<String> argv = parseArgs(line);
        if (argv.isEmpty()) {
            return;
        }
        Command cmd = find(argv);
        if (cmd == null) {
            String joined = String.join(" ", argv).toLowerCase(Locale.ROOT);
            for (String ns : NOT_SIMULATED) {
                if (joined.startsWith(ns)) {
                    runner.protocolError("AGI command '" + line + "' is not simulated");
                    break;
                }
            }
            reply(R510);
            return;
        }
        if (runner.hungUp && !cmd.deadOk()) {
            reply(R511);
            return;
        }
        busy = true;
        Future<String> f;
        try {
            f = cmd.handler().apply(argv);
        } catch (DialplanException e) {
            runner.protocolError("AGI '" + line + "': " + e.getMessage());
            f = Future.succeededFuture("200 result=-1");
        }
        f.onComplete(ar -> reply(ar.succeeded() ? ar.result() : "200 result=-1"));
    }

    private Command find(List<String> argv) {
        Command best = null;
        for (Command cmd : commands) {
            String[] w = cmd.words();
            if (w.length > argv.size()) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < w.length; i++) {
                if (!w[i].equalsIgnoreCase(argv.get(i))) {
                    match = false;
                    break;
                }
            }
            if (match && (best == null || w.length > best.words().length)) {
                best = cmd;
            }
        }
        return best;
    }

    private void reply(String text) {
        busy = false;
        commandInterrupt = null;
        runner.dtmfTarget = null;
        if (!closed && !finished) {
            call.agi("A: " + text);
            socket.write(Buffer.buffer(text + "\n"));
            if (hangupLineDue) {
                sendHangupLine();
            }
        }
        if (closed) {
            finish();
        } else {
            drain();
        }
    }

    /** res_agi parse_args: whitespace separates, double quotes group, backslash escapes. */
    static List<String> parseArgs(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inArg = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inArg = true;
            } else if (ch == '"') {
                quoted = !quoted;
                inArg = true;
            } else if (!quoted && (ch == ' ' || ch == '\t')) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(ch);
                inArg = true;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }

    // =====================================================================================================
    // hang-up and end

    private void channelHungUp() {
        if (busy) {
            hangupLineDue = true;
            Runnable r = commandInterrupt;
            if (r != null) {
                r.run();
            }
        } else {
            sendHangupLine();
        }
    }

    private void sendHangupLine() {
        hangupLineDue = false;
        if (!hangupSent && !closed && !finished) {
            hangupSent = true;
            call.agi("A: HANGUP");
            socket.write(Buffer.buffer("HANGUP\n"));
        }
    }

    private void onClose() {
        closed = true;
        call.agi("-- server closed the socket");
        if (!busy) {
            finish();
        } else if (commandInterrupt != null) {
            commandInterrupt.run(); // stop the running command; its reply cannot be written any more
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (socket != null) {
            socket.close();
        }
        boolean dead = runner.hungUp;
        String status = dead ? "HANGUP" : failure ? "FAILURE" : "SUCCESS";
        int returning = dead ? 4 : failure ? -1 : 0;
        sim.setVar(c, "AGISTATUS", status, c.inStasis);
        call.log("<" + c.name + ">AGI Script " + url + " completed, returning " + returning);
        done.tryComplete(dead ? -1 : 0);
    }

    // =====================================================================================================
    // commands

    private Future<String> noop(List<String> a) {
        return Future.succeededFuture("200 result=0");
    }

    private Future<String> answer(List<String> a) {
        c.state = "Up";
        return Future.succeededFuture("200 result=0");
    }

    private Future<String> verbose(List<String> a) {
        if (a.size() < 2) {
            return Future.succeededFuture(R520);
        }
        call.log(data + ": " + a.get(1));
        return Future.succeededFuture("200 result=1");
    }

    private Future<String> getVariable(List<String> a) {
        if (a.size() != 3) {
            return Future.succeededFuture(R520);
        }
        String v = runner.lookup(a.get(2));
        return Future.succeededFuture(v == null ? "200 result=0" : "200 result=1 (" + v + ")");
    }

    private Future<String> getFullVariable(List<String> a) {
        if (a.size() < 4 || a.size() > 5) {
            return Future.succeededFuture(R520);
        }
        return Future.succeededFuture("200 result=1 (" + Expressions.substitute(a.get(3), runner) + ")");
    }

    private Future<String> setVariable(List<String> a) {
        if (a.size() != 4) {
            return Future.succeededFuture(R520);
        }
        runner.setVariable(a.get(2), a.get(3));
        return Future.succeededFuture("200 result=1");
    }

    private Future<String> hangup(List<String> a) {
        if (a.size() > 2) {
            return Future.succeededFuture(R520);
        }
        if (a.size() == 2 && !a.get(1).equals(c.name)) {
            return Future.succeededFuture("200 result=-1");
        }
        runner.hangupBy(CallEnd.HungUpBy.GATEWAY, "AGI HANGUP");
        return Future.succeededFuture("200 result=1");
    }

    private Future<String> streamFile(List<String> a) {
        if (a.size() < 4 || a.size() > 5) {
            return Future.succeededFuture(R520);
        }
        String file = a.get(2);
        String escape = a.get(3);
        long offset = 0;
        if (a.size() == 5) {
            try {
                offset = Long.parseLong(a.get(4));
            } catch (NumberFormatException e) {
                offset = 0;
            }
        }
        String uri = DialplanRunner.mediaUri(file);
        if (sim.mediaMissing(uri)) {
            call.log("WARNING Unable to open " + file);
            return Future.succeededFuture("200 result=-1 endpos=" + offset);
        }
        call.log("<" + c.name + "> Playing '" + file + ".slin' (escape_digits=" + escape + ") (sample_offset "
                + offset + ") (language 'en')");
        call.playedByDialplan(file);
        long start = System.nanoTime();
        long base = offset;
        Promise<String> p = Promise.promise();
        long durationMs = sim.playbackDuration(uri).toMillis();
        long timer = sim.vertx.setTimer(Math.max(1, durationMs),
                id -> p.tryComplete("200 result=0 endpos=" + (base + durationMs * 8)));
        runner.dtmfTarget = d -> {
            if (escape.indexOf(d) >= 0) {
                sim.vertx.cancelTimer(timer);
                p.tryComplete("200 result=" + (int) d + " endpos=" + (base + elapsedSamples(start)));
            }
        };
        commandInterrupt = () -> {
            sim.vertx.cancelTimer(timer);
            p.tryComplete("200 result=-1 endpos=" + (base + elapsedSamples(start)));
        };
        return p.future();
    }

    private static long elapsedSamples(long startNanos) {
        return (System.nanoTime() - startNanos) / 125_000; // 8 kHz
    }

    private Future<String> waitForDigit(List<String> a) {
        if (a.size() != 4) {
            return Future.succeededFuture(R520);
        }
        long timeout;
        try {
            timeout = Long.parseLong(a.get(3));
        } catch (NumberFormatException e) {
            return Future.succeededFuture(R520);
        }
        Promise<String> p = Promise.promise();
        long timer = timeout < 0 ? -1 : sim.vertx.setTimer(Math.max(1, timeout), id -> p.tryComplete("200 result=0"));
        runner.dtmfTarget = d -> {
            if (timer >= 0) {
                sim.vertx.cancelTimer(timer);
            }
            p.tryComplete("200 result=" + (int) d);
        };
        commandInterrupt = () -> {
            if (timer >= 0) {
                sim.vertx.cancelTimer(timer);
            }
            p.tryComplete("200 result=-1");
        };
        return p.future();
    }

    private Future<String> sayDigits(List<String> a) {
        if (a.size() < 4 || a.size() > 5) {
            return Future.succeededFuture(R520);
        }
        String digits = a.get(2);
        String escape = a.get(3);
        Promise<String> p = Promise.promise();
        long[] timer = {-1};
        runner.dtmfTarget = d -> {
            if (escape.indexOf(d) >= 0) {
                sim.vertx.cancelTimer(timer[0]);
                p.tryComplete("200 result=" + (int) d);
            }
        };
        commandInterrupt = () -> {
            sim.vertx.cancelTimer(timer[0]);
            p.tryComplete("200 result=-1");
        };
        sayDigit(digits, 0, p, timer);
        return p.future();
    }

    private void sayDigit(String digits, int i, Promise<String> p, long[] timer) {
        if (p.future().isComplete()) {
            return;
        }
        if (i >= digits.length()) {
            p.tryComplete("200 result=0");
            return;
        }
        String file = "digits/" + digits.charAt(i);
        call.log("<" + c.name + "> Playing '" + file + ".slin' (language 'en')");
        call.playedByDialplan(file);
        timer[0] = sim.vertx.setTimer(Math.max(1, sim.playbackDuration("sound:" + file).toMillis()),
                id -> sayDigit(digits, i + 1, p, timer));
    }

    private Future<String> exec(List<String> a) {
        if (a.size() < 2) {
            return Future.succeededFuture(R520);
        }
        String app = a.get(1);
        String appData = a.size() >= 3 ? a.get(2) : "";
        call.log("AGI Script Executing Application: (" + app + ") Options: (" + appData + ")");
        Consumer<Runnable> hook = r -> commandInterrupt = r;
        Future<Integer> f = runner.runSimpleApp(app.toLowerCase(Locale.ROOT), appData, hook);
        if (f == null) {
            call.log("WARNING Could not find application (" + app + ")");
            runner.protocolError("AGI EXEC " + app + ": application not found (or not simulated through EXEC)");
            return Future.succeededFuture("200 result=-2");
        }
        return f.map(r -> {
            if (r < 0 && !runner.hungUp) {
                failure = true; // res_agi: RESULT_FAILURE not caused by a hang-up makes AGISTATUS=FAILURE
            }
            return "200 result=" + r;
        });
    }
}
