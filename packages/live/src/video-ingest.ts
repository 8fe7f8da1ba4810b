import type { DepacketizerCodec, MediaStreamTrack, RTCRtpReceiver, RtcpPacket } from 'werift';
import { DepacketizeBase } from 'werift/nonstandard';
import { av1LowOverheadTemporalUnit } from './av1-obus.ts';
import type { VideoCodec } from './codec-support.ts';
import { h264KeyframeSize, vp8KeyframeSize, vp9KeyframeSize, type FrameSize } from './frame-size.ts';
import { SenderClock, type CaptureClock } from './sender-clock.ts';
import { FfmpegVideoDecoder, type DecoderFailure } from './video-decoder.ts';

export interface IngestedPicture {
  seq: number;
  width: number;
  height: number;
  /** Planar I420, full-range BT.601. */
  data: Buffer;
  captureTs: number;
  clock: CaptureClock;
}

export interface VideoIngestEvents {
  onPicture: (picture: IngestedPicture) => void;
  onDropped: (count: number) => void;
  /** Any RTP packet of this track arrived: the sender is alive. */
  onMedia: () => void;
  /** `fatal`: the track cannot be received (e.g. too large); the session should end. */
  onFailure: (failure: DecoderFailure, fatal: boolean) => void;
}

export interface VideoIngestOptions {
  codec: VideoCodec;
  /** ffmpeg decoder name for the codec. */
  decoder: string;
  ffmpegPath: string;
  maxPixels: number;
  /** Encoded frames the decoder may hold before new ones are dropped until a key frame. */
  maxDecoderBacklog?: number;
}

const KEYFRAME_REQUEST_MS = 1000;
/**
 * Frames a decoder may hold while ffmpeg starts (it can take a few hundred ms on a busy
 * machine); it decodes them faster than real time once up, so this start-up delay drains.
 */
const STARTUP_BACKLOG = 30;
/** No picture for this long while frames wait: the decoder is stuck (a slow one still gives pictures). */
const STALL_MS = 500;
/** PLIs while dropping are spaced so a sender is not asked for a key frame per packet. */
export const MIN_PLI_GAP_MS = 300;
/** Decoder failures in a row (no picture between) after which the track is given up. */
const MAX_FAILURES_IN_A_ROW = 3;
const DEPACKETIZER: Record<VideoCodec, DepacketizerCodec> = { vp8: 'VP8', vp9: 'VP9', h264: 'MPEG4/ISO/AVC', av1: 'AV1' };
const KEYFRAME_SIZE: Partial<Record<VideoCodec, (frame: Buffer) => FrameSize | undefined>> = {
  vp8: vp8KeyframeSize,
  vp9: vp9KeyframeSize,
  h264: h264KeyframeSize,
};

interface EncodedInput {
  rtpTimestamp: number;
  arrival: number;
}

/**
 * Receives one RTP video track: depacketizes to whole encoded frames, waits for a key frame
 * (asking the sender with PLI), and decodes with ffmpeg to I420. Latency cannot build up:
 * when the decoder holds more than a few frames, new ones are dropped (and counted) until
 * the next key frame, which is requested at once. A change of picture size at a key frame
 * starts a fresh decoder. Capture times come from the sender's RTCP sender reports when it
 * sends them, otherwise from arrival.
 */
export class VideoTrackIngest {
  private decoder?: FfmpegVideoDecoder<EncodedInput>;
  private decoderSize?: FrameSize;
  private depacketizer: DepacketizeBase;
  private lastSeq?: number;
  /** RTP timestamp of the frame being received (packets seen, its marker not yet). */
  private openTimestamp?: number;
  private readonly keyframeTimer: ReturnType<typeof setInterval>;
  private readonly clock = new SenderClock(90_000);
  private readonly maxBacklog: number;
  private seq = 0;
  private stopped = false;
  /** Dropping frames until the next key frame (decoder behind, or a frame was lost). */
  private awaitingKeyframe = true;
  private lastPliAt = -Infinity;
  private failuresInARow = 0;

  constructor(
    private readonly track: MediaStreamTrack,
    private readonly receiver: RTCRtpReceiver,
    private readonly options: VideoIngestOptions,
    private readonly events: VideoIngestEvents,
  ) {
    this.maxBacklog = options.maxDecoderBacklog ?? 3;
    this.depacketizer = this.newDepacketizer();
    // Until a key frame arrives the decoder has nothing to start from.
    this.keyframeTimer = setInterval(() => {
      if (this.awaitingKeyframe) this.requestKeyframe(true);
    }, KEYFRAME_REQUEST_MS);
    this.keyframeTimer.unref();
    this.requestKeyframe(true);
    receiver.onRtcp.subscribe((packet: RtcpPacket) => {
      if (packet.type === 200 && packet.ssrc === track.ssrc) this.clock.onSenderReport(packet.senderInfo.ntpTimestamp, packet.senderInfo.rtpTimestamp);
    });
    track.onReceiveRtp.subscribe((rtp) => {
      if (this.stopped) return;
      events.onMedia();
      if (!this.inSequence(rtp.header.sequenceNumber, rtp.header.timestamp, rtp.header.marker)) return;
      const arrival = Date.now();
      this.clock.noteArrival(rtp.header.timestamp, arrival);
      try {
        for (const output of this.depacketizer.processInput({ rtp, time: arrival })) {
          if (output.frame) this.onEncodedFrame(output.frame.data, output.frame.isKeyframe, output.frame.timestamp ?? rtp.header.timestamp, arrival);
        }
      } catch {
        // A payload the depacketizer cannot parse: lose this frame, resume at a key frame.
        this.events.onDropped(1);
        this.awaitingKeyframe = true;
        this.requestKeyframe();
      }
    });
  }

  /**
   * Loss handling the depacketizer lacks: a sequence gap or a frame whose last packet never
   * came (the timestamp moved on without a marker) breaks the frames that depend on it, so
   * decoding resumes at the next key frame instead of showing corrupt pictures. Late packets
   * (retransmissions after the gap was given up) are ignored.
   */
  private inSequence(seq: number, timestamp: number, marker: boolean): boolean {
    if (this.lastSeq !== undefined) {
      const step = (seq - this.lastSeq) & 0xffff;
      if (step === 0 || step >= 0x8000) return false;
      if (step > 1) this.loseFrame();
    }
    this.lastSeq = seq;
    if (this.openTimestamp !== undefined && timestamp !== this.openTimestamp) {
      this.loseFrame();
      this.depacketizer = this.newDepacketizer();
    }
    this.openTimestamp = marker ? undefined : timestamp;
    return true;
  }

  private loseFrame(): void {
    this.events.onDropped(1);
    this.awaitingKeyframe = true;
    this.requestKeyframe();
  }

  private newDepacketizer(): DepacketizeBase {
    const depacketizer = new DepacketizeBase(DEPACKETIZER[this.options.codec], {
      isFinalPacketInSequence: (header) => header.marker,
      waitForKeyframe: true,
    });
    depacketizer.onNeedKeyFrame.subscribe(() => this.requestKeyframe(true));
    return depacketizer;
  }

  get codec(): VideoCodec {
    return this.options.codec;
  }

  /** Whether capture times come from the sender's clock yet. */
  get captureClock(): CaptureClock {
    return this.clock.known ? 'sender' : 'arrival';
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.keyframeTimer);
    this.decoder?.close();
  }

  private onEncodedFrame(encoded: Buffer, isKeyframe: boolean, rtpTimestamp: number, arrival: number): void {
    const data = this.options.codec === 'av1' ? av1LowOverheadTemporalUnit(encoded) : encoded;
    if (!data) {
      this.events.onDropped(1);
      return;
    }
    if (isKeyframe && !this.onKeyframe(data)) return;
    if (this.awaitingKeyframe || !this.decoder) {
      this.events.onDropped(1);
      return;
    }
    if (this.decoder.backlog >= (this.decoder.started ? this.maxBacklog : STARTUP_BACKLOG)) {
      // Keep-newest: the frames after this one depend on it, so skip to the next key frame.
      this.awaitingKeyframe = true;
      this.events.onDropped(1);
      this.requestKeyframe(true);
      return;
    }
    this.decoder.write(data, { rtpTimestamp, arrival });
  }

  /** Starts or restarts the decoder as the key frame needs; false when the frame is refused. */
  private onKeyframe(data: Buffer): boolean {
    const size = KEYFRAME_SIZE[this.options.codec]?.(data);
    if (size && size.width * size.height > this.options.maxPixels) {
      this.fail({ code: 'SF612', message: `the picture is ${size.width}×${size.height}, above the limit of ${this.options.maxPixels} pixels` }, true);
      return false;
    }
    const sizeChanged = size && this.decoderSize && (size.width !== this.decoderSize.width || size.height !== this.decoderSize.height);
    // A decoder that gave no picture for a while although frames wait is stuck: start clean.
    // (A merely slow one keeps its process: restarting would cost more than it saves.)
    const stuck = this.decoder?.isStalled(STALL_MS);
    if (!this.decoder || sizeChanged || stuck) this.startDecoder(size);
    this.awaitingKeyframe = false;
    return true;
  }

  private startDecoder(size: FrameSize | undefined): void {
    if (this.decoder) {
      this.events.onDropped(this.decoder.backlog);
      this.decoder.close();
    }
    this.decoderSize = size;
    const decoder = new FfmpegVideoDecoder<EncodedInput>({
      codec: this.options.codec,
      decoder: this.options.decoder,
      ffmpegPath: this.options.ffmpegPath,
      maxPixels: this.options.maxPixels,
      onFrame: ({ width, height, data, input }) => {
        this.failuresInARow = 0;
        const { captureTs, clock } = this.clock.captureTime(input.rtpTimestamp, input.arrival);
        this.events.onPicture({ seq: this.seq++, width, height, data, captureTs, clock });
      },
      onUndecodable: () => this.events.onDropped(1),
      onFailure: (failure) => {
        if (this.decoder !== decoder) return;
        this.decoder = undefined;
        this.events.onDropped(decoder.backlog);
        const fatal = failure.code === 'SF612' || ++this.failuresInARow >= MAX_FAILURES_IN_A_ROW;
        this.fail(failure, fatal);
      },
    });
    this.decoder = decoder;
  }

  private fail(failure: DecoderFailure, fatal: boolean): void {
    this.awaitingKeyframe = true;
    if (fatal) this.stop();
    else this.requestKeyframe(true);
    this.events.onFailure(failure, fatal);
  }

  /** Asks the sender for a key frame; `urgent` (decoding is blocked until one comes) may ask sooner again. */
  private requestKeyframe(urgent = false): void {
    if (this.stopped || this.track.ssrc === undefined) return;
    const now = Date.now();
    if (now - this.lastPliAt < (urgent ? MIN_PLI_GAP_MS / 3 : MIN_PLI_GAP_MS)) return;
    this.lastPliAt = now;
    this.receiver.sendRtcpPLI(this.track.ssrc).catch(() => {});
  }
}
