package motor.ext.websocket;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import motor.ext.websocket.internal.Broadcasts;

/**
 * A set of sessions that receive the same messages: a chat room, the viewers of a dashboard. Thread-safe.
 *
 * <p>A broadcast encodes the message once and queues it for each member, to be written by a short-lived
 * virtual thread of that member; it returns without waiting for any peer. A member whose queue holds more
 * than its {@link WebSocketOptions#broadcastQueue()} (1 MiB by default) of unsent broadcasts is a peer that
 * does not keep up: it is disconnected (its listener sees {@link Listener#onClose} with 1006) and removed,
 * so that one slow reader neither stalls the others nor makes the server hold an unbounded backlog for
 * it. Broadcast messages go out uncompressed, also to peers that agreed on permessage-deflate (each
 * message may be compressed or not, RFC 7692 section 6), since a shared compressed form cannot exist when
 * each connection compresses with its own context.
 *
 * <p>Members are removed when they are found closed; a listener usually also removes its session in
 * {@link Listener#onClose}.
 */
public final class SessionGroup {

    private final Set<Session> members = ConcurrentHashMap.newKeySet();

    /** Creates an empty group. */
    public SessionGroup() {
    }

    /**
     * Adds a session.
     *
     * @param session the session
     * @return whether it was not a member yet
     */
    public boolean add(Session session) {
        return members.add(java.util.Objects.requireNonNull(session, "session"));
    }

    /**
     * Removes a session.
     *
     * @param session the session
     * @return whether it was a member
     */
    public boolean remove(Session session) {
        return members.remove(session);
    }

    /** {@return the number of members} */
    public int size() {
        return members.size();
    }

    /** {@return a live, unmodifiable view of the members} */
    public Set<Session> sessions() {
        return Collections.unmodifiableSet(members);
    }

    /**
     * Sends a text message to every open member, without waiting for any of them.
     *
     * @param text the message
     * @return the number of members it was queued for
     */
    public int broadcast(CharSequence text) {
        return offerAll(Broadcasts.text(text), text, null);
    }

    /**
     * Sends a binary message to every open member, without waiting for any of them.
     *
     * @param data the message; not to be changed afterwards
     * @return the number of members it was queued for
     */
    public int broadcast(byte[] data) {
        return offerAll(Broadcasts.binary(data), null, data);
    }

    private int offerAll(byte[] frame, CharSequence text, byte[] data) {
        int sent = 0;
        for (Session session : members) {
            if (Broadcasts.offer(session, frame, text, data)) {
                sent++;
            } else {
                members.remove(session);
            }
        }
        return sent;
    }
}
