package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.util.Optional;

/**
 * Who asked for one request or notification: a link's peer, or a local entry point ({@link Origin}).
 * Responses and notifications for it go back through it (wire-v1 §5: on the link the request came in on).
 *
 * @param originNode    node id of the requester: the link's peer, or this node for a local entry point
 * @param linkPeer      the peer of the link the request came in on; empty for a local entry point
 * @param caller        who the request comes from as this node authenticated it (before route metadata is read)
 * @param notifications where notifications for the request go
 * @param session       the longer-lived channel the request came through
 * @param cancellation  set when the requester cancels the request
 * @param description   for logs
 */
record Requester(String originNode, Optional<NodeId> linkPeer, Caller caller, NotificationSink notifications,
                 ClientSession session, Cancellation cancellation, String description) {
}
