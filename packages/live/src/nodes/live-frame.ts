import type { Frame } from '@showflow/nodes/sdk';
import { readJpegSize } from '@showflow/nodes/pixels';
import type { LiveFrame } from '../stream-registry.ts';

/**
 * A received frame as a pipeline frame, or why it cannot be one. JPEG stays JPEG (the
 * first node that needs pixels decodes it); its size is read from the JPEG header rather
 * than trusted from the sender's framing. Video tracks arrive as I420 and enter the
 * pipeline's `yuv420` path as they are. The data is not copied: nothing writes to it.
 */
export function pipelineFrame(nodeId: string, frame: LiveFrame): Frame | string {
  if (frame.encoding === 'jpeg') {
    const size = readJpegSize(frame.data);
    if (!size) return `frame ${frame.seq} has no readable JPEG header`;
    return { width: size.width, height: size.height, channels: 3, encoding: 'jpeg', data: frame.data, seq: frame.seq, captureTs: frame.captureTs, id: `${nodeId}#${frame.seq}` };
  }
  if (frame.encoding === 'yuv420') {
    const bytes = frame.width * frame.height + 2 * Math.ceil(frame.width / 2) * Math.ceil(frame.height / 2);
    if (frame.data.byteLength !== bytes) return `I420 frame ${frame.seq} holds ${frame.data.byteLength} bytes, not ${bytes} for ${frame.width}×${frame.height}`;
    return { width: frame.width, height: frame.height, channels: 3, encoding: 'yuv420', data: frame.data, seq: frame.seq, captureTs: frame.captureTs, id: `${nodeId}#${frame.seq}` };
  }
  if (frame.data.byteLength !== frame.width * frame.height * 3) {
    return `raw frame ${frame.seq} holds ${frame.data.byteLength} bytes, not ${frame.width}×${frame.height}×3`;
  }
  return { width: frame.width, height: frame.height, channels: 3, encoding: 'raw', data: frame.data, seq: frame.seq, captureTs: frame.captureTs, id: `${nodeId}#${frame.seq}` };
}
