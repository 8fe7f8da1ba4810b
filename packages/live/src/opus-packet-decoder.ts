import { OpusDecoder } from 'opus-decoder';

export interface DecodedPcm {
  /** Planar float PCM at 48 kHz, one array per channel. */
  channelData: Float32Array[];
  frames: number;
}

/**
 * libopus compiled to WebAssembly, decoding one RTP payload at a time in this process: no
 * child process to start, no container framing, no pipe buffering between a packet and
 * its samples. Pre-skip is 0, so each packet gives exactly its own samples and they line up
 * with its RTP timestamp.
 */
/**
 * Compiles the decoder's WebAssembly (cached for the process) ahead of the first audio
 * track: on a busy machine the first compile takes hundreds of ms, which would otherwise
 * hold up the first packets of the first sender.
 */
export function preloadOpusDecoder(): Promise<void> {
  const decoder = new OpusDecoder({ channels: 2, preSkip: 0 });
  return decoder.ready.then(() => decoder.free());
}

export class OpusPacketDecoder {
  readonly ready: Promise<void>;
  private readonly decoder: OpusDecoder;
  private closed = false;

  constructor(channels: 1 | 2) {
    this.decoder = new OpusDecoder({ channels, preSkip: 0 });
    this.ready = this.decoder.ready;
  }

  /** The packet's samples, or undefined when libopus refuses it. Call after `ready`. */
  decode(packet: Uint8Array): DecodedPcm | undefined {
    if (this.closed) return undefined;
    const { channelData, samplesDecoded, errors } = this.decoder.decodeFrame(packet);
    if (errors.length || samplesDecoded === 0) return undefined;
    return { channelData, frames: samplesDecoded };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Freeing before the module loaded would touch memory that does not exist yet.
    this.decoder.ready.then(() => this.decoder.free(), () => undefined);
  }
}

/** Samples at 48 kHz in an Opus packet, from its TOC byte (RFC 6716 §3.1); 0 when malformed. */
export function opusPacketSamples(packet: Buffer): number {
  if (packet.byteLength < 1) return 0;
  const toc = packet[0];
  const config = toc >> 3;
  let frameSamples: number;
  if (config < 12) frameSamples = [480, 960, 1920, 2880][config & 3];
  else if (config < 16) frameSamples = [480, 960][config & 1];
  else frameSamples = [120, 240, 480, 960][config & 3];
  const code = toc & 3;
  let frames = 1;
  if (code === 1 || code === 2) frames = 2;
  else if (code === 3) {
    if (packet.byteLength < 2) return 0;
    frames = packet[1] & 0x3f;
  }
  return frames * frameSamples;
}
