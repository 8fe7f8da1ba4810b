import { z } from 'zod';

/**
 * What travels along an edge. `frame` is a video frame (a handle into the runtime's
 * frame pool, never the bytes), `image` a still such as an overlay, `audio` a block of
 * PCM samples (see `AudioBlock` in the node SDK), `event` a stream or commerce event,
 * `number` and `text` plain values.
 */
export const portTypes = ['frame', 'image', 'audio', 'event', 'number', 'text'] as const;
export const PortType = z.enum(portTypes);
export type PortType = z.infer<typeof PortType>;

export const PortSpec = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  type: PortType,
  label: z.string().optional(),
  /** Input ports only: accept several incoming edges (events merge); frames never do. */
  multiple: z.boolean().optional(),
});
export type PortSpec = z.infer<typeof PortSpec>;

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/** Port types connect only to the same type: a frame is not an image is not an event. */
export function checkConnection(from: PortType, to: PortType): ConnectionCheck {
  if (from === to) return { ok: true };
  return { ok: false, reason: `cannot connect ${from} output to ${to} input` };
}
