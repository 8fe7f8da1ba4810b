import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { MediaStreamTrack, RTCRtpReceiver, RtcpPacket } from 'werift';
import { OggOpusWriter, opusPacketSamples } from './ogg-opus.ts';
import { SenderClock } from './sender-clock.ts';
import type { LiveAudio } from './stream-registry.ts';

export interface AudioIngestOptions {
  ffmpegPath: string;
  /** ffmpeg's Opus decoder name (`opus` or `libopus`). */
  decoder: string;
  channels: 1 | 2;
}

export interface AudioIngestEvents {
  onBlock: (block: LiveAudio) => void;
  onMedia: () => void;
  onFailure: (message: string) => void;
}

const SAMPLE_RATE = 48_000;
/** 10 ms blocks, what the audio nodes work on. */
const BLOCK_FRAMES = 480;
/**
 * Packets written but not yet decoded beyond this (1 s of 20 ms packets) are dropped, so
 * audio cannot lag without bound; a gap shows as a jump in the blocks' capture times.
 */
const MAX_PENDING_PACKETS = 50;
const RESTARTS_ALLOWED = 3;

interface PendingPacket {
  rtpTimestamp: number;
  arrival: number;
  /** Sample frames still to come out of the decoder for this packet. */
  frames: number;
  /** Sample frames of it already out. */
  done: number;
}

/**
 * Receives one Opus RTP track and decodes it with one ffmpeg process (Ogg Opus in, 48 kHz
 * float PCM out) into 10 ms `LiveAudio` blocks. Each block's capture time is the RTP
 * timestamp of its first sample, mapped with the sender's RTCP sender reports when it sends
 * them, otherwise the packet's arrival.
 */
export class AudioTrackIngest {
  private child?: ChildProcessWithoutNullStreams;
  private ogg = new OggOpusWriter();
  private readonly clock = new SenderClock(SAMPLE_RATE);
  private pending: PendingPacket[] = [];
  private readonly block: Float32Array;
  private blockFill = 0;
  private blockStart?: { captureTs: number; clock: 'sender' | 'arrival' };
  /** Bytes of a float split across stdout chunks. */
  private carry = Buffer.alloc(0);
  private seq = 0;
  private restarts = 0;
  private stopped = false;
  /** Until sender reports arrive: RTP time 0 (the first packet) in arrival ms, from the fastest packet so far. */
  private firstRtp?: number;
  private arrivalOrigin = Infinity;

  constructor(
    private readonly track: MediaStreamTrack,
    receiver: RTCRtpReceiver,
    private readonly options: AudioIngestOptions,
    private readonly events: AudioIngestEvents,
  ) {
    this.block = new Float32Array(BLOCK_FRAMES * options.channels);
    receiver.onRtcp.subscribe((packet: RtcpPacket) => {
      if (packet.type === 200 && packet.ssrc === track.ssrc) this.clock.onSenderReport(packet.senderInfo.ntpTimestamp, packet.senderInfo.rtpTimestamp);
    });
    track.onReceiveRtp.subscribe((rtp) => {
      if (this.stopped) return;
      events.onMedia();
      this.onPacket(rtp.payload, rtp.header.timestamp, Date.now());
    });
    // Started now, while ICE and DTLS connect, so the first packets do not wait for ffmpeg.
    this.startDecoder();
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  private onPacket(payload: Buffer, rtpTimestamp: number, arrival: number): void {
    this.firstRtp ??= rtpTimestamp;
    // The packet with the least delay so far pins the arrival clock, so blocks stay 10 ms
    // apart instead of carrying each packet's network jitter.
    this.arrivalOrigin = Math.min(this.arrivalOrigin, arrival - this.rtpMs(rtpTimestamp));
    const frames = opusPacketSamples(payload);
    if (frames === 0) return; // empty or malformed: nothing to decode
    if (this.pending.length >= MAX_PENDING_PACKETS) return;
    const child = this.child ?? this.startDecoder();
    if (!child) return;
    this.pending.push({ rtpTimestamp, arrival, frames, done: 0 });
    child.stdin.write(this.ogg.packet(payload));
  }

  private startDecoder(): ChildProcessWithoutNullStreams | undefined {
    if (this.restarts > RESTARTS_ALLOWED) return undefined;
    const { channels } = this.options;
    const child = spawn(
      this.options.ffmpegPath,
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-probesize', '32', '-analyzeduration', '0'],
        ...['-c:a', this.options.decoder, '-f', 'ogg', '-i', 'pipe:0'],
        ...['-f', 'f32le', '-ar', String(SAMPLE_RATE), '-ac', String(channels), '-flush_packets', '1', 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.ogg = new OggOpusWriter();
    this.pending = [];
    this.carry = Buffer.alloc(0);
    this.blockFill = 0;
    let stderrTail = '';
    child.stdin.on('error', () => {});
    child.stdin.write(this.ogg.headers(channels));
    child.stdout.on('data', (data: Buffer) => this.onPcm(data));
    child.stderr.on('data', (data: Buffer) => {
      stderrTail = (stderrTail + data.toString()).slice(-400);
    });
    const onEnd = (reason: string) => {
      if (this.child !== child || this.stopped) return;
      this.child = undefined;
      this.restarts++;
      this.events.onFailure(`the Opus decoder stopped (${reason}): ${stderrTail.trim() || 'no error output'}`);
    };
    child.on('exit', (code, signal) => onEnd(String(code ?? signal)));
    child.on('error', (error) => onEnd(error.message));
    return child;
  }

  private onPcm(chunk: Buffer): void {
    const data = this.carry.byteLength ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = data.byteLength - (data.byteLength % 4);
    this.carry = Buffer.from(data.subarray(usable));
    const { channels } = this.options;
    for (let offset = 0; offset + 4 * channels <= usable; offset += 4 * channels) {
      if (this.blockFill === 0) this.blockStart = this.currentSampleTime();
      for (let c = 0; c < channels; c++) this.block[this.blockFill * channels + c] = data.readFloatLE(offset + 4 * c);
      this.advance();
      if (++this.blockFill === BLOCK_FRAMES) {
        const start = this.blockStart ?? { captureTs: Date.now(), clock: 'arrival' as const };
        this.events.onBlock({ seq: this.seq++, sampleRate: SAMPLE_RATE, channels, samples: this.block.slice(), captureTs: start.captureTs, clock: start.clock });
        this.blockFill = 0;
      }
    }
  }

  /** Capture time of the next sample to come out of the decoder. */
  private currentSampleTime(): { captureTs: number; clock: 'sender' | 'arrival' } {
    const packet = this.pending[0];
    if (!packet) return { captureTs: Date.now(), clock: 'arrival' };
    const rtp = (packet.rtpTimestamp + packet.done) >>> 0;
    const { captureTs, clock } = this.clock.captureTime(rtp, packet.arrival);
    return clock === 'sender' ? { captureTs, clock } : { captureTs: this.arrivalOrigin + this.rtpMs(rtp), clock };
  }

  /** Ms of RTP time since the first packet (signed 32-bit difference: survives the wrap). */
  private rtpMs(rtpTimestamp: number): number {
    return ((((rtpTimestamp >>> 0) - (this.firstRtp ?? rtpTimestamp)) | 0) / SAMPLE_RATE) * 1000;
  }

  private advance(): void {
    const packet = this.pending[0];
    if (!packet) return;
    if (++packet.done >= packet.frames) this.pending.shift();
  }
}
