import type { Socket } from 'node:dgram';
import type { RTCPeerConnection } from 'werift';

/**
 * Kernel receive buffer asked for on each ICE socket. A 720p JPEG frame arrives as ~150 UDP
 * datagrams in a burst; while the event loop runs a pipeline stage for a few milliseconds
 * those datagrams wait in the kernel, and Linux's 208 KiB default (counted in skb truesize,
 * about twice the payload on loopback) overflowed at 30 fps — every lost datagram meant an
 * SCTP retransmission and a halved congestion window at the sender. The kernel caps the
 * request at net.core.rmem_max, so a smaller limit degrades to that, never to an error.
 */
export const ICE_SOCKET_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

interface IceInternals {
  iceTransports?: { connection?: { protocols?: { transport?: { socket?: Socket } }[] } }[];
}

/** Enlarges the receive buffer of every UDP socket this peer gathered (werift internals, pinned version). */
export function enlargeIceSocketBuffers(pc: RTCPeerConnection, bytes = ICE_SOCKET_RECEIVE_BUFFER_BYTES): number {
  let resized = 0;
  for (const transport of (pc as unknown as IceInternals).iceTransports ?? []) {
    for (const protocol of transport.connection?.protocols ?? []) {
      const socket = protocol.transport?.socket;
      if (!socket || typeof socket.setRecvBufferSize !== 'function') continue;
      try {
        socket.setRecvBufferSize(bytes);
        resized++;
      } catch {
        // A socket that closed meanwhile or a platform refusing the option keeps its default.
      }
    }
  }
  return resized;
}
