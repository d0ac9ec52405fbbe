package org.voicebot.testcalls.sim.dialplan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The subset of {@code extensions.conf} the voice bot ships: {@code [context]} sections ({@code [general]} skipped,
 * {@code [globals]} as global variables), {@code exten => pattern,priority(label),App(args)}, {@code same => n,...},
 * {@code include => context}, {@code ;} comments. Immutable once parsed; errors name file and line.
 */
public final class Dialplan {

    /** All priorities of one extension pattern in one context, by priority number. */
    private record Extension(ExtensionPattern pattern, TreeMap<Integer, DialplanStep> priorities, int order) {
    }

    private static final class Context {
        final String name;
        final List<Extension> extensions = new ArrayList<>();
        final List<String> includes = new ArrayList<>();

        Context(String name) {
            this.name = name;
        }
    }

    private final String file;
    private final Map<String, Context> contexts = new LinkedHashMap<>();
    private final Map<String, String> globals = new LinkedHashMap<>();

    private Dialplan(String file) {
        this.file = file;
    }

    public static Dialplan load(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dialplan " + path, e);
        }
    }

    /** @param fileName used in error messages and in {@link DialplanStep#where()} */
    public static Dialplan parse(String text, String fileName) {
        Dialplan d = new Dialplan(fileName);
        d.parseText(text);
        return d;
    }

    public String file() {
        return file;
    }

    /** {@code [globals]} as written (values are not substituted). */
    public Map<String, String> globals() {
        return Collections.unmodifiableMap(globals);
    }

    public boolean hasContext(String context) {
        return contexts.containsKey(context);
    }

    /** The priorities of the extension that {@code exten} dials in {@code context} (best match, includes searched). */
    public Optional<List<DialplanStep>> extension(String context, String exten) {
        return findExtension(context, exten, new ArrayList<>()).map(e -> List.copyOf(e.priorities().values()));
    }

    public boolean extensionExists(String context, String exten) {
        return findExtension(context, exten, new ArrayList<>()).isPresent();
    }

    /** The step at {@code priority} of the extension {@code exten} dials in {@code context}. */
    public Optional<DialplanStep> step(String context, String exten, int priority) {
        return findExtension(context, exten, new ArrayList<>()).map(e -> e.priorities().get(priority));
    }

    /** The priority carrying {@code label} in the extension {@code exten} dials in {@code context}. */
    public Optional<Integer> labelPriority(String context, String exten, String label) {
        return findExtension(context, exten, new ArrayList<>()).flatMap(e -> e.priorities().values().stream()
                .filter(s -> label.equals(s.label())).map(DialplanStep::priority).findFirst());
    }

    private Optional<Extension> findExtension(String context, String exten, List<String> visited) {
        Context c = contexts.get(context);
        if (c == null || visited.contains(context)) {
            return Optional.empty();
        }
        visited.add(context);
        Extension best = null;
        for (Extension e : c.extensions) {
            if (e.pattern().matches(exten) && (best == null
                    || e.pattern().compareSpecificity(best.pattern()) < 0)) {
                best = e;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        for (String inc : c.includes) {
            Optional<Extension> e = findExtension(inc, exten, visited);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    // =====================================================================================================
    // parsing

    private void parseText(String text) {
        String[] lines = text.split("\r?\n", -1);
        Context current = null;
        boolean inGlobals = false;
        boolean skipping = false;
        Extension lastExtension = null;
        int lastPriority = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = stripComment(lines[i]).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    throw DialplanException.at(file, lineNo, "missing ']' in section header: " + line);
                }
                String name = line.substring(1, close).trim();
                String rest = line.substring(close + 1).trim();
                if (name.isEmpty()) {
                    throw DialplanException.at(file, lineNo, "empty context name");
                }
                if (!rest.isEmpty() && !rest.equals("(+)")) {
                    throw DialplanException.at(file, lineNo, "context templates are not supported: " + line);
                }
                inGlobals = name.equals("globals");
                skipping = name.equals("general");
                lastExtension = null;
                if (inGlobals || skipping) {
                    current = null;
                } else {
                    current = contexts.computeIfAbsent(name, Context::new);
                }
                continue;
            }
            if (skipping) {
                continue;
            }
            if (inGlobals) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw DialplanException.at(file, lineNo, "expected NAME=value in [globals]: " + line);
                }
                String value = line.substring(eq + 1);
                if (value.startsWith(">")) {
                    value = value.substring(1);
                }
                globals.put(line.substring(0, eq).trim(), value.trim());
                continue;
            }
            if (current == null) {
                throw DialplanException.at(file, lineNo, "line outside any [context]: " + line);
            }
            int arrow = line.indexOf("=>");
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw DialplanException.at(file, lineNo, "expected 'exten =>', 'same =>' or 'include =>': " + line);
            }
            String keyword = line.substring(0, arrow == eq ? arrow : eq).trim().toLowerCase();
            String value = line.substring(arrow == eq ? arrow + 2 : eq + 1).trim();
            switch (keyword) {
                case "include" -> current.includes.add(value);
                case "exten" -> {
                    int c1 = value.indexOf(',');
                    if (c1 <= 0) {
                        throw DialplanException.at(file, lineNo, "expected exten => pattern,priority,App(args): " + line);
                    }
                    String pattern = value.substring(0, c1).trim();
                    if (pattern.contains("/")) {
                        throw DialplanException.at(file, lineNo, "caller-id matching is not supported: " + pattern);
                    }
                    Extension ext = extensionFor(current, pattern, lineNo);
                    Integer prio = addStep(current, ext, value.substring(c1 + 1), lineNo,
                            ext == lastExtension ? lastPriority : 0);
                    lastExtension = ext;
                    if (prio != null) {
                        lastPriority = prio;
                    }
                }
                case "same" -> {
                    if (lastExtension == null) {
                        throw DialplanException.at(file, lineNo, "'same =>' without a preceding 'exten =>' in [" + current.name + "]");
                    }
                    Integer prio = addStep(current, lastExtension, value, lineNo, lastPriority);
                    if (prio != null) {
                        lastPriority = prio;
                    }
                }
                default -> throw DialplanException.at(file, lineNo, "unsupported directive '" + keyword + "': " + line);
            }
        }
    }

    private Extension extensionFor(Context c, String pattern, int lineNo) {
        for (Extension e : c.extensions) {
            if (e.pattern().text.equals(pattern)) {
                return e;
            }
        }
        Extension e = new Extension(new ExtensionPattern(pattern, file + ":" + lineNo), new TreeMap<>(), c.extensions.size());
        c.extensions.add(e);
        return e;
    }

    /** Parses {@code priority(label),App(args)}; returns the priority number, or null for a hint. */
    private Integer addStep(Context c, Extension ext, String rest, int lineNo, int previousPriority) {
        int comma = rest.indexOf(',');
        if (comma < 0) {
            throw DialplanException.at(file, lineNo, "expected priority,App(args): " + rest);
        }
        String prioText = rest.substring(0, comma).trim();
        String appText = rest.substring(comma + 1).trim();
        String label = null;
        int paren = prioText.indexOf('(');
        if (paren >= 0) {
            if (!prioText.endsWith(")")) {
                throw DialplanException.at(file, lineNo, "bad priority label: " + prioText);
            }
            label = prioText.substring(paren + 1, prioText.length() - 1).trim();
            prioText = prioText.substring(0, paren).trim();
        }
        if (prioText.equalsIgnoreCase("hint")) {
            return null;
        }
        int priority;
        if (prioText.equals("n")) {
            if (previousPriority == 0) {
                throw DialplanException.at(file, lineNo, "priority 'n' without a previous priority in extension "
                        + ext.pattern() + " of [" + c.name + "]");
            }
            priority = previousPriority + 1;
        } else if (prioText.startsWith("n+")) {
            priority = previousPriority + parsePriority(prioText.substring(2), lineNo);
        } else {
            priority = parsePriority(prioText, lineNo);
        }
        if (appText.isEmpty()) {
            throw DialplanException.at(file, lineNo, "missing application");
        }
        String app;
        String data;
        int open = appText.indexOf('(');
        int firstComma = appText.indexOf(',');
        if (open >= 0 && (firstComma < 0 || open < firstComma)) {
            if (!appText.endsWith(")")) {
                throw DialplanException.at(file, lineNo, "unbalanced parentheses in application: " + appText);
            }
            app = appText.substring(0, open).trim();
            data = appText.substring(open + 1, appText.length() - 1);
        } else if (firstComma >= 0) {
            app = appText.substring(0, firstComma).trim(); // old syntax App,arg1,arg2
            data = appText.substring(firstComma + 1);
        } else {
            app = appText;
            data = "";
        }
        if (!app.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw DialplanException.at(file, lineNo, "bad application name '" + app + "'");
        }
        if (label != null && !label.isEmpty()) {
            for (DialplanStep s : ext.priorities().values()) {
                if (label.equals(s.label())) {
                    throw DialplanException.at(file, lineNo, "label '" + label + "' already used at " + s.where());
                }
            }
        }
        DialplanStep existing = ext.priorities().get(priority);
        if (existing != null) {
            throw DialplanException.at(file, lineNo, "priority " + priority + " of extension " + ext.pattern()
                    + " in [" + c.name + "] already defined at " + existing.where());
        }
        ext.priorities().put(priority, new DialplanStep(c.name, ext.pattern().text, priority,
                label == null || label.isEmpty() ? null : label, app, data, file, lineNo));
        return priority;
    }

    private int parsePriority(String text, int lineNo) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1) {
                throw DialplanException.at(file, lineNo, "priority must be >= 1: " + text);
            }
            return p;
        } catch (NumberFormatException e) {
            throw DialplanException.at(file, lineNo, "bad priority '" + text + "'");
        }
    }

    /** Drops a {@code ;} comment; {@code \;} is a literal semicolon. */
    private static String stripComment(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                sb.append(';');
                i++;
            } else if (ch == ';') {
                break;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
