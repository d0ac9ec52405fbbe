package org.voicebot.gateway.asr.sphinx;

import java.util.List;

/** Phrases of a utility's dialog: the fixtures' phrases plus other domain phrases, so the grammar is not trivially small. */
final class DomainPhrases {
    private DomainPhrases() {
    }

    static final List<String> EXPECTED = List.of(
            "agent", "I want to talk to a representative", "let me speak to a person", "what is my balance",
            "I want to report an outage", "what are your opening hours", "yes", "no", "goodbye",
            "I want to pay my bill", "my power is out", "there is a water leak", "I want to submit a meter reading");

    static final List<String> OTHERS = List.of(
            "operator", "speak to someone", "human", "I have a question about my bill", "how much do I owe",
            "when is my bill due", "I did not get my bill", "I want to set up a payment plan", "my account number is",
            "my water is brown", "there is no water", "low water pressure", "is there an outage in my area",
            "when will the power be back", "I moved house", "update my address", "cancel my account",
            "I want to start service", "I want to stop service", "my meter is broken", "repeat that please",
            "start over", "help", "thank you", "no thanks", "that's right", "that is wrong", "main menu",
            "pay by card", "I smell gas");

    static List<String> all() {
        return java.util.stream.Stream.concat(EXPECTED.stream(), OTHERS.stream()).toList();
    }
}
