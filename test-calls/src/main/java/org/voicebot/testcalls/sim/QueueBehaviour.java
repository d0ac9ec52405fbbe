package org.voicebot.testcalls.sim;

import java.time.Duration;

/**
 * How a simulated queue (queues.conf) treats a caller.
 *
 * @param answerAfter   an agent answers this long after the caller joined; null = nobody ever answers
 * @param agentChannel  the member interface, e.g. {@code Local/1001@agent/n}
 * @param talkTime      the agent hangs up this long after the bridge; null = only {@link SimulatedCall#agentHangup()}
 * @param memberStatus  the member's device state as AMI reports it (1 not in use; 5 unavailable: an unregistered phone)
 */
public record QueueBehaviour(Duration answerAfter, String agentChannel, Duration talkTime, int memberStatus) {

    public QueueBehaviour {
        agentChannel = agentChannel == null ? "Local/1001@agent/n" : agentChannel;
    }

    public QueueBehaviour(Duration answerAfter, String agentChannel, Duration talkTime) {
        this(answerAfter, agentChannel, talkTime, 1);
    }

    public static QueueBehaviour agentAnswersAfter(Duration delay) {
        return new QueueBehaviour(delay, null, null);
    }

    public static QueueBehaviour nobodyAnswers() {
        return new QueueBehaviour(null, null, null);
    }

    public QueueBehaviour withTalkTime(Duration talk) {
        return new QueueBehaviour(answerAfter, agentChannel, talk, memberStatus);
    }

    public QueueBehaviour withAgentChannel(String member) {
        return new QueueBehaviour(answerAfter, member, talkTime, memberStatus);
    }

    /** The member's phone is unregistered: AMI reports it unavailable (device state 5). */
    public QueueBehaviour withMemberUnavailable() {
        return new QueueBehaviour(answerAfter, agentChannel, talkTime, 5);
    }
}
