package org.voicebot.testcalls.sim;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.testcalls.sim.dialplan.AppArgs;
import org.voicebot.testcalls.sim.dialplan.Dialplan;
import org.voicebot.testcalls.sim.dialplan.DialplanException;
import org.voicebot.testcalls.sim.dialplan.DialplanStep;
import org.voicebot.testcalls.sim.dialplan.Expressions;
import org.voicebot.testcalls.sim.dialplan.VariableSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one caller channel through the dialplan like pbx.c: one application at a time, the next priority when it
 * returns 0, hang-up when it returns -1, then the {@code h} extension of the current context. Lives on the
 * simulator's event loop; applications that take time complete their future later.
 */
final class DialplanRunner implements VariableSource {

    private static final Logger log = LoggerFactory.getLogger(DialplanRunner.class);
    private static final int MAX_STEPS = 10_000;

    final AsteriskSimulator sim;
    final SimulatedCall call;
    final SimChannel c;
    final Dialplan plan;

    private String context;
    private String exten;
    private int priority;
    private boolean jumped;
    private DialplanStep current;
    private int steps;

    boolean hungUp;
    private boolean inH;
    private boolean ended;
    private CallEnd.HungUpBy by;
    private String hangupReason;
    private String hangupContext;
    private String hangupExten;
    private int hangupPriority;
    private String hangupApp;
    /** Why the last application returned -1 on its own (used when nothing else hung up the channel). */
    private String appFailure;

    /** The running application's reaction to a hang-up (set through the onHangup consumer it was given). */
    private Runnable interrupt;
    /** Who gets caller DTMF right now (AGI command, AudioSocket app), or null. */
    Consumer<Character> dtmfTarget;
    /** The AudioSocket app session carrying caller audio right now, or null. */
    AudioSocketAppSession audioSession;
    /** The Queue the caller waits in or talks to an agent through, or null. */
    QueueVisit queueVisit;

    DialplanRunner(AsteriskSimulator sim, SimulatedCall call, Dialplan plan, String context, String exten) {
        this.sim = sim;
        this.call = call;
        this.c = call.channel;
        this.plan = plan;
        this.context = context;
        this.exten = exten;
        this.priority = 1;
    }

    void start() {
        step();
    }

    boolean ended() {
        return ended;
    }

    String context() {
        return context;
    }

    String exten() {
        return exten;
    }

    int priority() {
        return priority;
    }

    // =====================================================================================================
    // the pbx loop

    private void step() {
        while (!ended) {
            if (hungUp && !inH) {
                enterH();
                continue;
            }
            Optional<DialplanStep> found = plan.step(context, exten, priority);
            if (found.isEmpty()) {
                fellOff();
                continue;
            }
            if (++steps > MAX_STEPS) {
                protocolError("more than " + MAX_STEPS + " dialplan steps: endless Goto loop? last at "
                        + found.get().where());
                hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, "endless dialplan loop");
                continue;
            }
            DialplanStep st = found.get();
            current = st;
            jumped = false;
            String data;
            try {
                data = Expressions.substitute(st.appData(), this);
            } catch (DialplanException e) {
                protocolError(st.where() + ": " + e.getMessage() + " in " + st.app() + "(" + st.appData() + ")");
                hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, e.getMessage());
                continue;
            }
            c.setDialplan(context, exten, priority, st.app(), data);
            call.executed(String.format("Executing [%s@%s:%d] %s(\"%s\", \"%s\") in new stack",
                    exten, context, priority, st.app(), c.name, data));
            Future<Integer> f;
            try {
                f = runApp(st, data);
            } catch (DialplanException e) {
                protocolError(st.where() + ": " + e.getMessage());
                hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, e.getMessage());
                continue;
            }
            if (f.isComplete()) {
                afterApp(f);
                continue;
            }
            f.onComplete(ar -> {
                afterApp(ar);
                step();
            });
            return;
        }
    }

    private void afterApp(AsyncResult<Integer> ar) {
        interrupt = null;
        int res;
        if (ar.succeeded()) {
            res = ar.result();
        } else {
            log.warn("application failed", ar.cause());
            protocolError(current.where() + ": simulator error in " + current.app() + ": " + ar.cause());
            res = -1;
        }
        if (res < 0) {
            call.log(String.format("Spawn extension (%s, %s, %d) exited non-zero on '%s'", context, exten, priority, c.name));
            if (inH) {
                finish();
                return;
            }
            if (!hungUp) {
                hangupBy(CallEnd.HungUpBy.APPLICATION, appFailure != null ? appFailure : current.app() + " returned -1");
            }
            return;
        }
        if (hungUp && !inH) {
            return; // the loop runs the h extension
        }
        if (!jumped) {
            priority++;
        }
    }

    private void enterH() {
        inH = true;
        if (plan.extensionExists(context, "h")) {
            exten = "h";
            priority = 1;
        } else {
            finish();
        }
    }

    private void fellOff() {
        if (inH) {
            finish();
            return;
        }
        if (!plan.extensionExists(context, exten)) {
            protocolError("Channel '" + c.name + "' sent to invalid extension but no invalid handler: context,exten,priority: "
                    + context + "," + exten + "," + priority);
            hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, "invalid extension " + exten + "@" + context);
            return;
        }
        if (plan.step(context, exten, priority).isEmpty() && priority > 1) {
            call.log("Auto fallthrough, channel '" + c.name + "' status is 'UNKNOWN'");
            hangupBy(CallEnd.HungUpBy.DIALPLAN, "no priority " + priority + " in " + exten + "@" + context);
        } else {
            protocolError("no priority " + priority + " in " + exten + "@" + context);
            hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, "no priority " + priority + " in " + exten + "@" + context);
        }
    }

    private void finish() {
        if (ended) {
            return;
        }
        ended = true;
        c.alive = false;
        sim.channels.remove(c.id);
        CallEnd end = new CallEnd(by == null ? CallEnd.HungUpBy.DIALPLAN : by, hangupContext, hangupExten,
                hangupPriority, hangupApp, hangupReason == null ? "" : hangupReason, Map.copyOf(c.variables));
        call.ended(end);
    }

    /** Channel is hung up (by whom, why); the running application hears it, then the h extension runs. */
    void hangupBy(CallEnd.HungUpBy who, String reason) {
        if (hungUp) {
            return;
        }
        hungUp = true;
        by = who;
        hangupReason = reason;
        hangupContext = context;
        hangupExten = exten;
        hangupPriority = priority;
        hangupApp = current == null ? "" : current.app();
        c.alive = false;
        Runnable r = interrupt;
        if (r != null) {
            r.run();
        }
    }

    /** The next step is {@code context,exten,priority} instead of priority+1. */
    void jumpTo(String ctx, String ext, int prio) {
        context = ctx;
        exten = ext;
        priority = prio;
        jumped = true;
    }

    void noteFailure(String why) {
        appFailure = why;
    }

    void protocolError(String message) {
        call.log("ERROR " + message);
        sim.protocolError(call, "dialplan " + message);
    }

    Consumer<Runnable> topLevelHangupHook() {
        return r -> interrupt = r;
    }

    void callerDtmf(char digit) {
        Consumer<Character> t = dtmfTarget;
        if (t != null) {
            t.accept(digit);
        }
    }

    void callerAudio(byte[] slin) {
        AudioSocketAppSession s = audioSession;
        if (s != null) {
            s.callerAudio(slin);
        } else {
            call.droppedCallerFrames.incrementAndGet();
        }
    }

    // =====================================================================================================
    // applications

    private Future<Integer> runApp(DialplanStep st, String data) {
        String app = st.app().toLowerCase(Locale.ROOT);
        Future<Integer> f = runSimpleApp(app, data, topLevelHangupHook());
        if (f != null) {
            return f;
        }
        switch (app) {
            case "goto" -> {
                return Future.succeededFuture(gotoTarget(data) ? 0 : -1);
            }
            case "gotoif" -> {
                return Future.succeededFuture(gotoIf(data) ? 0 : -1);
            }
            case "hangup" -> {
                hangupBy(CallEnd.HungUpBy.DIALPLAN, "Hangup(" + data + ")");
                return Future.succeededFuture(-1);
            }
            case "stasis" -> {
                return sim.runStasis(this, AppArgs.split(data));
            }
            case "agi" -> {
                return new FastAgiSession(this, data).run();
            }
            case "queue" -> {
                return new QueueVisit(this, data).run(topLevelHangupHook());
            }
            case "voicemail" -> {
                return voicemail(data);
            }
            default -> {
                String msg = st.where() + ": application " + st.app() + "() is not simulated";
                protocolError(msg);
                hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, msg);
                return Future.succeededFuture(-1);
            }
        }
    }

    /**
     * Applications that also run through AGI {@code EXEC}: NoOp, Verbose, Answer, Set, Wait, Playback, AudioSocket.
     * Returns null for other applications.
     */
    Future<Integer> runSimpleApp(String appLower, String data, Consumer<Runnable> onHangup) {
        switch (appLower) {
            case "noop" -> {
                return Future.succeededFuture(0);
            }
            case "verbose" -> {
                List<String> a = AppArgs.split(data);
                call.log("VERBOSE " + (a.size() > 1 ? String.join(",", a.subList(1, a.size())) : AppArgs.arg(a, 0)));
                return Future.succeededFuture(0);
            }
            case "answer" -> {
                if (hungUp) {
                    return Future.succeededFuture(-1);
                }
                c.state = "Up";
                return Future.succeededFuture(0);
            }
            case "set" -> {
                set(data);
                return Future.succeededFuture(0);
            }
            case "wait" -> {
                return waitSeconds(data, onHangup);
            }
            case "playback" -> {
                return playback(data, onHangup);
            }
            case "audiosocket" -> {
                return new AudioSocketAppSession(this, data).run(onHangup);
            }
            default -> {
                return null;
            }
        }
    }

    private void set(String data) {
        int eq = data.indexOf('=');
        if (eq <= 0) {
            throw new DialplanException("Set() needs name=value, got '" + data + "'");
        }
        String name = data.substring(0, eq).trim();
        setVariable(name, data.substring(eq + 1));
    }

    /** {@code Set()} and AGI SET VARIABLE: plain variables, {@code CDR(field)} (recorded), {@code GLOBAL(name)}. */
    void setVariable(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GLOBAL(") && name.endsWith(")")) {
            sim.setGlobal(name.substring(7, name.length() - 1), value);
        } else if (upper.startsWith("CDR(") && name.endsWith(")")) {
            call.cdr(name.substring(4, name.length() - 1), value);
        } else if (name.endsWith(")")) {
            throw new DialplanException("Set(" + name + "=...): function " + name + " is not simulated");
        } else {
            sim.setVar(c, name, value, c.inStasis);
        }
    }

    private Future<Integer> waitSeconds(String data, Consumer<Runnable> onHangup) {
        if (hungUp) {
            return Future.succeededFuture(-1);
        }
        double seconds;
        try {
            seconds = data.isBlank() ? 0 : Double.parseDouble(data.trim());
        } catch (NumberFormatException e) {
            throw new DialplanException("Wait(" + data + "): not a number of seconds");
        }
        return delay(Math.round(seconds * 1000), onHangup);
    }

    /** Completes with 0 after {@code ms}, or -1 at once when the channel hangs up. */
    Future<Integer> delay(long ms, Consumer<Runnable> onHangup) {
        Promise<Integer> p = Promise.promise();
        long timer = sim.vertx.setTimer(Math.max(1, ms), id -> p.tryComplete(0));
        onHangup.accept(() -> {
            sim.vertx.cancelTimer(timer);
            p.tryComplete(-1);
        });
        return p.future();
    }

    private Future<Integer> playback(String data, Consumer<Runnable> onHangup) {
        List<String> a = AppArgs.split(data);
        List<String> files = List.of(AppArgs.arg(a, 0).split("&"));
        return playFiles(files, 0, onHangup);
    }

    private Future<Integer> playFiles(List<String> files, int index, Consumer<Runnable> onHangup) {
        if (hungUp) {
            return Future.succeededFuture(-1);
        }
        if (index >= files.size()) {
            sim.setVar(c, "PLAYBACKSTATUS", "SUCCESS", c.inStasis);
            return Future.succeededFuture(0);
        }
        String file = files.get(index);
        String uri = mediaUri(file);
        if (sim.mediaMissing(uri) || (file.startsWith("http") && file.length() < 22)) {
            call.log("WARNING File " + file + " does not exist in any format");
            call.log("WARNING Playback failed on " + c.name + " for " + file);
            sim.setVar(c, "PLAYBACKSTATUS", "FAILED", c.inStasis);
            return Future.succeededFuture(0);
        }
        call.log("<" + c.name + "> Playing '" + file + ".slin' (language 'en')");
        call.playedByDialplan(file);
        return delay(sim.playbackDuration(uri).toMillis(), onHangup)
                .compose(r -> r < 0 ? Future.succeededFuture(-1) : playFiles(files, index + 1, onHangup));
    }

    /** {@code hello-world} is looked up as {@code sound:hello-world} in the simulator's media table. */
    static String mediaUri(String file) {
        return file.contains(":") ? file : "sound:" + file;
    }

    private Future<Integer> voicemail(String data) {
        String box = AppArgs.arg(AppArgs.split(data), 0);
        call.reachedVoicemail(box);
        call.log("VoiceMail: caller sent to mailbox " + box + " (no audio recorded by the simulator)");
        Promise<Integer> p = Promise.promise();
        interrupt = () -> {
            c.variables.put("VMSTATUS", "SUCCESS");
            p.tryComplete(-1);
        };
        if (hungUp) {
            interrupt.run();
        }
        return p.future();
    }

    // ---- Goto / GotoIf ----

    private boolean gotoIf(String data) {
        int q = data.indexOf('?');
        if (q < 0) {
            throw new DialplanException("GotoIf(" + data + "): expected condition?label1[:label2]");
        }
        String[] branches = splitBranches(data.substring(q + 1));
        String target = Expressions.truthy(data.substring(0, q)) ? branches[0] : branches[1];
        if (target.isBlank()) {
            return true; // no destination for this outcome: next priority
        }
        return gotoTarget(target);
    }

    /** {@code a:b} split at the first ':' outside parentheses. */
    private static String[] splitBranches(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ':' && depth == 0) {
                return new String[] {s.substring(0, i), s.substring(i + 1)};
            }
        }
        return new String[] {s, ""};
    }

    /** {@code [[context,]exten,]priority|label}; false (and a protocol error) when the label does not exist. */
    private boolean gotoTarget(String data) {
        List<String> a = AppArgs.split(data.trim());
        String ctx = context;
        String ext = exten;
        String prio;
        switch (a.size()) {
            case 1 -> prio = a.get(0).trim();
            case 2 -> {
                ext = a.get(0).trim();
                prio = a.get(1).trim();
            }
            case 3 -> {
                ctx = a.get(0).trim();
                ext = a.get(1).trim();
                prio = a.get(2).trim();
            }
            default -> throw new DialplanException("Goto(" + data + "): expected [[context,]exten,]priority");
        }
        if (ctx.isEmpty()) {
            ctx = context;
        }
        if (ext.isEmpty()) {
            ext = exten;
        }
        call.log("Goto (" + ctx + "," + ext + "," + prio + ")");
        int p;
        if (prio.matches("\\d+")) {
            p = Integer.parseInt(prio);
        } else {
            Optional<Integer> label = plan.labelPriority(ctx, ext, prio);
            if (label.isEmpty()) {
                String msg = current.where() + ": Priority '" + prio + "' must be a number > 0, or valid label"
                        + " (no label '" + prio + "' in " + ext + "@" + ctx + ")";
                protocolError(msg);
                hangupBy(CallEnd.HungUpBy.PROTOCOL_ERROR, msg);
                return false;
            }
            p = label.get();
        }
        jumpTo(ctx, ext, p);
        return true;
    }

    // =====================================================================================================
    // variables and functions

    @Override
    public String variable(String name) {
        switch (name) {
            case "EXTEN" -> {
                return exten;
            }
            case "CONTEXT" -> {
                return context;
            }
            case "PRIORITY" -> {
                return Integer.toString(priority);
            }
            case "CHANNEL" -> {
                return c.name;
            }
            case "UNIQUEID" -> {
                return c.id;
            }
            case "EPOCH" -> {
                return Long.toString(System.currentTimeMillis() / 1000);
            }
            default -> {
                String v = c.variables.get(name);
                return v != null ? v : sim.globalVariable(name);
            }
        }
    }

    @Override
    public String function(String name, String args) {
        switch (name) {
            case "CALLERID" -> {
                return switch (args.trim().toLowerCase(Locale.ROOT)) {
                    case "num", "number" -> c.callerNumber;
                    case "name" -> c.callerName;
                    case "all" -> "\"" + c.callerName + "\" <" + c.callerNumber + ">";
                    default -> throw new DialplanException("CALLERID(" + args + ") is not simulated");
                };
            }
            case "UUID" -> {
                return UUID.randomUUID().toString();
            }
            case "QUEUE_EXISTS" -> {
                return sim.queueExists(args.trim()) ? "1" : "0";
            }
            case "GLOBAL" -> {
                return sim.globalVariable(args.trim());
            }
            case "CDR" -> {
                return call.cdr().get(args.trim());
            }
            case "EXISTS" -> {
                return args.isEmpty() ? "0" : "1";
            }
            default -> throw new DialplanException("dialplan function " + name + "() is not simulated");
        }
    }

    /** AGI GET VARIABLE: a variable, or a function when the name ends in ')'. Null when unset. */
    String lookup(String name) {
        int paren = name.indexOf('(');
        if (paren > 0 && name.endsWith(")")) {
            try {
                return Expressions.substitute("${" + name + "}", this);
            } catch (DialplanException e) {
                protocolError("AGI GET VARIABLE " + name + ": " + e.getMessage());
                return null;
            }
        }
        return variable(name);
    }
}
