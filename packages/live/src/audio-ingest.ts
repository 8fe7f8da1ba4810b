import type { MediaStreamTrack, RTCRtpReceiver, RtcpPacket } from 'werift';
import { OpusPacketDecoder, opusPacketSamples } from './opus-packet-decoder.ts';
import { SenderClock, type CaptureClock } from './sender-clock.ts';
import type { LiveAudio } from './stream-registry.ts';

export interface AudioIngestOptions {
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
/** Packets held while the decoder loads (its WebAssembly compiles once per process): 1 s. */
const MAX_WAITING_PACKETS = 50;
/** Packets in a row the decoder refuses before the track is reported as failing. */
const MAX_BAD_IN_A_ROW = 25;

/**
 * Receives one Opus RTP track and decodes each packet in process, as it arrives, into
 * 10 ms `LiveAudio` blocks (48 kHz float PCM). Each block's capture time is the RTP
 * timestamp of its first sample, mapped with the sender's RTCP sender reports when it sends
 * them, otherwise the arrival clock. Decoding on arrival adds no buffering, so audio is as
 * fresh as the video decoded beside it.
 */
export class AudioTrackIngest {
  private readonly decoder: OpusPacketDecoder;
  private readonly clock = new SenderClock(SAMPLE_RATE);
  private readonly block: Float32Array;
  private blockFill = 0;
  private blockStart?: { captureTs: number; clock: CaptureClock };
  private seq = 0;
  private stopped = false;
  /** Packets that came while the decoder was loading, decoded in order once it is ready. */
  private waiting: Array<{ payload: Buffer; rtpTimestamp: number; arrival: number }> | undefined = [];
  /** RTP timestamp expected next; older packets (late retransmissions, duplicates) are skipped. */
  private nextRtp?: number;
  private badInARow = 0;

  constructor(
    track: MediaStreamTrack,
    receiver: RTCRtpReceiver,
    private readonly options: AudioIngestOptions,
    private readonly events: AudioIngestEvents,
  ) {
    this.block = new Float32Array(BLOCK_FRAMES * options.channels);
    this.decoder = new OpusPacketDecoder(options.channels);
    // Loaded now, while ICE and DTLS connect, so the first packets find it ready.
    this.decoder.ready.then(
      () => {
        const waiting = this.waiting ?? [];
        this.waiting = undefined;
        for (const packet of waiting) this.decode(packet.payload, packet.rtpTimestamp, packet.arrival);
      },
      (error: unknown) => {
        this.waiting = undefined;
        this.stopped = true;
        events.onFailure(`the Opus decoder did not load: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    receiver.onRtcp.subscribe((packet: RtcpPacket) => {
      if (packet.type === 200 && packet.ssrc === track.ssrc) this.clock.onSenderReport(packet.senderInfo.ntpTimestamp, packet.senderInfo.rtpTimestamp);
    });
    track.onReceiveRtp.subscribe((rtp) => {
      if (this.stopped) return;
      events.onMedia();
      this.onPacket(rtp.payload, rtp.header.timestamp, Date.now());
    });
  }

  stop(): void {
    this.stopped = true;
    this.waiting = undefined;
    this.decoder.close();
  }

  private onPacket(payload: Buffer, rtpTimestamp: number, arrival: number): void {
    // The least delayed packet pins the arrival clock, so blocks stay 10 ms apart instead
    // of carrying each packet's network jitter.
    this.clock.noteArrival(rtpTimestamp, arrival);
    if (this.waiting) {
      if (this.waiting.length < MAX_WAITING_PACKETS) this.waiting.push({ payload, rtpTimestamp, arrival });
      return;
    }
    this.decode(payload, rtpTimestamp, arrival);
  }

  private decode(payload: Buffer, rtpTimestamp: number, arrival: number): void {
    if (this.stopped) return;
    const frames = opusPacketSamples(payload);
    if (frames === 0) return; // empty or malformed: nothing to decode
    if (this.nextRtp !== undefined && (((rtpTimestamp >>> 0) - this.nextRtp) | 0) < 0) return;
    const pcm = this.decoder.decode(payload);
    if (!pcm) {
      if (++this.badInARow === MAX_BAD_IN_A_ROW) this.events.onFailure(`${MAX_BAD_IN_A_ROW} Opus packets in a row could not be decoded`);
      return;
    }
    this.badInARow = 0;
    this.nextRtp = (rtpTimestamp + pcm.frames) >>> 0;
    const { channels } = this.options;
    for (let frame = 0; frame < pcm.frames; frame++) {
      if (this.blockFill === 0) this.blockStart = this.clock.captureTime((rtpTimestamp + frame) >>> 0, arrival);
      for (let c = 0; c < channels; c++) this.block[this.blockFill * channels + c] = pcm.channelData[Math.min(c, pcm.channelData.length - 1)][frame];
      if (++this.blockFill === BLOCK_FRAMES) {
        const start = this.blockStart ?? { captureTs: arrival, clock: 'arrival' as const };
        this.events.onBlock({ seq: this.seq++, sampleRate: SAMPLE_RATE, channels, samples: this.block.slice(), captureTs: start.captureTs, clock: start.clock });
        this.blockFill = 0;
      }
    }
  }
}
