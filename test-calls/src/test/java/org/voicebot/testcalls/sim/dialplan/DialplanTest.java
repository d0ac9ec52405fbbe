package org.voicebot.testcalls.sim.dialplan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extensions.conf subset: sections, priorities, labels, patterns, expressions, errors with line numbers. */
class DialplanTest {

    static String resource(String path) {
        try (InputStream in = DialplanTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Variables from a map, CALLERID from fixed values, anything else unknown. */
    static VariableSource vars(Map<String, String> values) {
        return new VariableSource() {
            @Override
            public String variable(String name) {
                return values.get(name);
            }

            @Override
            public String function(String name, String args) {
                if (name.equals("CALLERID") && args.equals("num")) {
                    return "5551234";
                }
                throw new DialplanException(name + "() unknown");
            }
        };
    }

    @Test
    void parsesContextsPrioritiesLabelsAndGlobals() {
        Dialplan d = Dialplan.parse("""
                [general]
                static=yes
                [globals]
                VOICEBOT_AGI=127.0.0.1:4573 ; the gateway
                QUEUE => agents
                [from-phones]
                exten => 500,1,NoOp(Caller ${CALLERID(num)}) ; comment
                 same => n,Set(X=a\\;b)
                 same => n(done),Hangup()
                exten => _5XX,1,NoOp(pattern)
                exten => h,1,NoOp(h)
                """, "test.conf");
        assertThat(d.globals()).containsExactly(Map.entry("VOICEBOT_AGI", "127.0.0.1:4573"), Map.entry("QUEUE", "agents"));
        assertThat(d.hasContext("general")).isFalse();
        assertThat(d.hasContext("globals")).isFalse();
        List<DialplanStep> steps = d.extension("from-phones", "500").orElseThrow();
        assertThat(steps).extracting(DialplanStep::app).containsExactly("NoOp", "Set", "Hangup");
        assertThat(steps.get(0).appData()).isEqualTo("Caller ${CALLERID(num)}");
        assertThat(steps.get(1).appData()).isEqualTo("X=a;b");
        assertThat(steps.get(2).label()).isEqualTo("done");
        assertThat(steps.get(2).where()).isEqualTo("test.conf:9");
        assertThat(d.labelPriority("from-phones", "500", "done")).contains(3);
        assertThat(d.step("from-phones", "501", 1).orElseThrow().appData()).isEqualTo("pattern");
        assertThat(d.extensionExists("from-phones", "h")).isTrue();
        assertThat(d.extensionExists("from-phones", "600")).isFalse();
    }

    @Test
    void patternsMatchLikeAsterisk() {
        Dialplan d = Dialplan.parse("""
                [p]
                exten => _X.,1,NoOp(X.)
                exten => _XXX,1,NoOp(XXX)
                exten => _NXX,1,NoOp(NXX)
                exten => _[1-5]XX,1,NoOp(1-5XX)
                exten => _9!,1,NoOp(9!)
                exten => 500,1,NoOp(literal)
                exten => s,1,NoOp(s)
                """, "p.conf");
        assertThat(app(d, "500")).isEqualTo("literal");
        assertThat(app(d, "200")).isEqualTo("1-5XX"); // [1-5] (5 chars) is narrower than N (8)
        assertThat(app(d, "700")).isEqualTo("NXX");
        assertThat(app(d, "100")).isEqualTo("1-5XX");
        assertThat(app(d, "000")).isEqualTo("XXX");
        assertThat(app(d, "0000")).isEqualTo("X.");
        assertThat(app(d, "9")).isEqualTo("9!");
        assertThat(app(d, "95")).isEqualTo("9!"); // a literal 9 is narrower than X
        assertThat(app(d, "s")).isEqualTo("s");
        assertThat(d.extensionExists("p", "h")).isFalse();
        assertThat(d.extensionExists("p", "")).isFalse();
        assertThat(d.extensionExists("p", "5a")).isTrue(); // _X. : one digit then anything
        assertThat(d.extensionExists("p", "a5")).isFalse();
    }

    private static String app(Dialplan d, String exten) {
        return d.step("p", exten, 1).orElseThrow(() -> new AssertionError("no match for " + exten)).appData();
    }

    @Test
    void parsesTheTraceDialplan() {
        Dialplan d = Dialplan.parse(resource("/dialplans/trace-extensions.conf"), "extensions.conf");
        assertThat(d.step("trace-agi", "250", 3).orElseThrow().appData())
                .isEqualTo("agi://127.0.0.1:4573/voicebot?exten=${EXTEN},first-arg,second arg");
        assertThat(d.step("trace-agi", "h", 1).orElseThrow().app()).isEqualTo("NoOp");
        assertThat(d.step("from-sip", "200", 1).orElseThrow().appData()).isEqualTo("agi,${EXTEN},1");
        assertThat(d.step("audiosocket", "701", 2).orElseThrow().app()).isEqualTo("AudioSocket");
        assertThat(d.step("trace-queue", "403", 3).orElseThrow().appData()).isEqualTo("${TRACEQ},,,http://127.1:81/a.wav,30");
        assertThat(d.extension("trace-caller", "talk").orElseThrow()).hasSize(7);
    }

    @Test
    void parsesTheShippedDialplan() {
        Dialplan d = Dialplan.parse(resource("/asterisk-config/extensions.conf"), "extensions.conf");
        assertThat(d.hasContext("from-phones")).isTrue();
    }

    @Test
    void errorsNameFileAndLine() {
        assertThatThrownBy(() -> Dialplan.parse("[a]\n\n same => n,NoOp()\n", "x.conf"))
                .isInstanceOf(DialplanException.class).hasMessageStartingWith("x.conf:3: 'same =>' without");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nexten => 1,one,NoOp()\n", "x.conf"))
                .hasMessageStartingWith("x.conf:2: bad priority 'one'");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nexten => 1,1,NoOp()\nexten => 1,1,NoOp()\n", "x.conf"))
                .hasMessageStartingWith("x.conf:3: priority 1 of extension 1 in [a] already defined at x.conf:2");
        assertThatThrownBy(() -> Dialplan.parse("exten => 1,1,NoOp()\n", "x.conf"))
                .hasMessageStartingWith("x.conf:1: line outside any [context]");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nexten => 1,1,NoOp(\n", "x.conf"))
                .hasMessageStartingWith("x.conf:2: unbalanced parentheses");
        assertThatThrownBy(() -> Dialplan.parse("[a\n", "x.conf")).hasMessageStartingWith("x.conf:1: missing ']'");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nswitch => Realtime\n", "x.conf"))
                .hasMessageStartingWith("x.conf:2: unsupported directive 'switch'");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nexten => _X.1,1,NoOp()\n", "x.conf"))
                .hasMessageStartingWith("x.conf:2: '.' must end the pattern");
        assertThatThrownBy(() -> Dialplan.parse("[a]\nexten => 1,1(x),NoOp()\n same => n(x),NoOp()\n", "x.conf"))
                .hasMessageStartingWith("x.conf:3: label 'x' already used at x.conf:2");
    }

    @Test
    void substitutesVariablesFunctionsAndExpressions() {
        Map<String, String> v = new HashMap<>(Map.of("BOT_OUTCOME", "resolved", "N", "12", "EXTEN", "500"));
        VariableSource src = vars(v);
        assertThat(Expressions.substitute("${CALLERID(num)}-${EXTEN}", src)).isEqualTo("5551234-500");
        assertThat(Expressions.substitute("$[\"${BOT_OUTCOME}\" = \"resolved\"]?done", src)).isEqualTo("1?done");
        assertThat(Expressions.substitute("$[\"${UNSET}\" = \"resolved\"]", src)).isEqualTo("0");
        assertThat(Expressions.substitute("${IF($[\"${BOT_QUEUE}\" = \"\"]?utility-agents:${BOT_QUEUE})}", src))
                .isEqualTo("utility-agents");
        v.put("BOT_QUEUE", "billing");
        assertThat(Expressions.substitute("${IF($[\"${BOT_QUEUE}\" = \"\"]?utility-agents:${BOT_QUEUE})}", src))
                .isEqualTo("billing");
        assertThat(Expressions.substitute("${LEN(${BOT_OUTCOME})}", src)).isEqualTo("8");
        assertThat(Expressions.substitute("${BOT_OUTCOME:0:3}/${BOT_OUTCOME:-3}", src)).isEqualTo("res/ved");
        assertThat(Expressions.substitute("$[${N} > 9 & ${N} < 20]", src)).isEqualTo("1");
        assertThat(Expressions.substitute("$[${N} & 5]", src)).isEqualTo("12");
        assertThat(Expressions.substitute("$[${N} != 12 | \"x\" = \"x\"]", src)).isEqualTo("1");
        assertThat(Expressions.substitute("$[ 0 | 0 ]", src)).isEqualTo("0");
        assertThat(Expressions.substitute("$[(${N} + 3) * 2]", src)).isEqualTo("30");
        assertThat(Expressions.substitute("$[10 = 10.0]", src)).isEqualTo("1");
        assertThat(Expressions.substitute("$[abc < abd]", src)).isEqualTo("1");
        assertThat(Expressions.substitute("$[${N} = 12 ? yes : no]", src)).isEqualTo("yes");
        assertThat(Expressions.substitute("no dollars", src)).isEqualTo("no dollars");
        assertThat(Expressions.truthy("0")).isFalse();
        assertThat(Expressions.truthy("")).isFalse();
        assertThat(Expressions.truthy("00")).isFalse();
        assertThat(Expressions.truthy("resolved")).isTrue();
    }

    @Test
    void badExpressionsAreErrors() {
        VariableSource src = vars(Map.of());
        assertThatThrownBy(() -> Expressions.substitute("$[${X} = 1]", src))
                .isInstanceOf(DialplanException.class).hasMessageContaining("operand missing");
        assertThatThrownBy(() -> Expressions.substitute("${NOPE(x)}", src)).hasMessageContaining("NOPE() unknown");
        assertThatThrownBy(() -> Expressions.substitute("${X", src)).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Expressions.substitute("$[\"a]", src)).hasMessageContaining("unterminated quote");
    }

    @Test
    void splitsApplicationArguments() {
        assertThat(AppArgs.split("agents,,,http://x/y.wav,300")).containsExactly("agents", "", "", "http://x/y.wav", "300");
        assertThat(AppArgs.split("a(b,c),\"d,e\",f\\,g")).containsExactly("a(b,c)", "d,e", "f,g");
        assertThat(AppArgs.split("")).isEmpty();
    }
}
