package org.voicebot.testcalls.sim;

import java.time.Duration;

/**
 * How a simulated queue (queues.conf) treats a caller.
 *
 * @param answerAfter   an agent answers this long after the caller joined; null = nobody ever answers
 * @param agentChannel  the member interface, e.g. {@code Local/1001@agent/n}
 * @param talkTime      the agent hangs up this long after the bridge; null = only {@link SimulatedCall#agentHangup()}
 */
public record QueueBehaviour(Duration answerAfter, String agentChannel, Duration talkTime) {

    public QueueBehaviour {
        agentChannel = agentChannel == null ? "Local/1001@agent/n" : agentChannel;
    }

    public static QueueBehaviour agentAnswersAfter(Duration delay) {
        return new QueueBehaviour(delay, null, null);
    }

    public static QueueBehaviour nobodyAnswers() {
        return new QueueBehaviour(null, null, null);
    }

    public QueueBehaviour withTalkTime(Duration talk) {
        return new QueueBehaviour(answerAfter, agentChannel, talk);
    }

    public QueueBehaviour withAgentChannel(String member) {
        return new QueueBehaviour(answerAfter, member, talkTime);
    }
}
