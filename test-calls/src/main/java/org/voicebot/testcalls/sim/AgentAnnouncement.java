package org.voicebot.testcalls.sim;

import java.util.List;

/**
 * What Queue's announceoverride (4th argument) did when the agent answered: the media cache fetched the URL
 * (Asterisk 22.10.1 sent two GETs, trace 07) and the file was played to the agent, or not.
 *
 * @param played  false when every fetch failed or the URL is shorter than 22 characters (Asterisk issue 444)
 * @param failure why it was not played, or null
 */
public record AgentAnnouncement(String url, List<Fetch> fetches, boolean played, String failure) {

    /** One HTTP GET: status 0 when the connection failed ({@code error} says why). */
    public record Fetch(int status, String contentType, int bytes, String error) {
    }

    public AgentAnnouncement {
        fetches = List.copyOf(fetches);
    }
}
