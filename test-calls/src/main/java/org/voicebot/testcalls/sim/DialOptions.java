package org.voicebot.testcalls.sim;

import java.util.Objects;

/**
 * A call placed through the dialplan: the caller channel starts at {@code context,exten,1}.
 *
 * @param tech     LOCAL gives {@code Local/<exten>@<context>-0000000N;2} (agi_type Local, agi_dnid unknown);
 *                 PJSIP gives {@code PJSIP/<endpoint>-0000000N} (agi_type PJSIP, agi_dnid = exten)
 * @param endpoint the PJSIP endpoint name (ignored for LOCAL)
 */
public record DialOptions(String context, String exten, String callerNumber, String callerName, Tech tech,
                          String endpoint) {

    public enum Tech { LOCAL, PJSIP }

    public DialOptions {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(exten, "exten");
        callerNumber = callerNumber == null ? "" : callerNumber;
        callerName = callerName == null ? "" : callerName;
        tech = tech == null ? Tech.LOCAL : tech;
        endpoint = endpoint == null || endpoint.isBlank() ? "sipp" : endpoint;
    }

    /** A Local-channel caller 5551234 "Trace Caller" (as in the traces) dialling {@code exten} in {@code context}. */
    public static DialOptions of(String context, String exten) {
        return new DialOptions(context, exten, "5551234", "Trace Caller", Tech.LOCAL, null);
    }

    public DialOptions withCaller(String number, String name) {
        return new DialOptions(context, exten, number, name, tech, endpoint);
    }

    public DialOptions withLocal() {
        return new DialOptions(context, exten, callerNumber, callerName, Tech.LOCAL, endpoint);
    }

    public DialOptions withPjsip(String endpointName) {
        return new DialOptions(context, exten, callerNumber, callerName, Tech.PJSIP, endpointName);
    }
}
