/**
 * A simulated Asterisk 22.10.1 for tests: ARI REST and the events WebSocket, Stasis callers, mixing bridges,
 * and externalMedia over AudioSocket (the simulator is the TCP client, as Asterisk is). Behaviour, status codes
 * and JSON shapes follow {@code shared/asterisk-traces} (01-07). Calls placed with
 * {@link org.voicebot.testcalls.sim.AsteriskSimulator#dial} run a dialplan
 * ({@link org.voicebot.testcalls.sim.dialplan.Dialplan}) whose Stasis(), AGI() (FastAGI), AudioSocket() and Queue()
 * play Asterisk's side of those protocols. Entry point:
 * {@link org.voicebot.testcalls.sim.AsteriskSimulator#start}; one caller is a
 * {@link org.voicebot.testcalls.sim.SimulatedCall}.
 */
package org.voicebot.testcalls.sim;
