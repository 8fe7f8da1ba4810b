import type { MediaStreamTrack, RTCRtpReceiver } from 'werift';
import { DepacketizeBase } from 'werift/nonstandard';
import { h264KeyframeSize, vp8KeyframeSize, type FrameSize } from './frame-size.ts';
import { FfmpegVideoDecoder, type DecodedFrame, type VideoCodec } from './video-decoder.ts';

export interface VideoIngestEvents {
  onFrame: (frame: DecodedFrame, seq: number) => void;
  onDropped: (count: number) => void;
  onFailure: (reason: string) => void;
}

const KEYFRAME_REQUEST_MS = 1000;

/**
 * Receives one RTP video track: depacketizes to whole encoded frames, waits for a key
 * frame (asking the sender with PLI), and decodes with ffmpeg. A change of picture size
 * at a key frame starts a fresh decoder.
 */
export class VideoTrackIngest {
  private decoder?: FfmpegVideoDecoder;
  private readonly codec: VideoCodec;
  private readonly depacketizer: DepacketizeBase;
  private readonly keyframeTimer: ReturnType<typeof setInterval>;
  private seq = 0;
  private stopped = false;

  constructor(
    private readonly track: MediaStreamTrack,
    private readonly receiver: RTCRtpReceiver,
    private readonly ffmpegPath: string,
    private readonly events: VideoIngestEvents,
  ) {
    const mime = track.codec?.mimeType.toLowerCase() ?? '';
    this.codec = mime.endsWith('h264') ? 'h264' : 'vp8';
    this.depacketizer = new DepacketizeBase(this.codec === 'h264' ? 'MPEG4/ISO/AVC' : 'VP8', {
      isFinalPacketInSequence: (header) => header.marker,
      waitForKeyframe: true,
    });
    this.depacketizer.onNeedKeyFrame.subscribe(() => this.requestKeyframe());
    // Until the first key frame arrives the decoder has nothing to start from.
    this.keyframeTimer = setInterval(() => {
      if (!this.decoder) this.requestKeyframe();
    }, KEYFRAME_REQUEST_MS);
    this.keyframeTimer.unref();
    this.requestKeyframe();
    track.onReceiveRtp.subscribe((rtp) => {
      if (this.stopped) return;
      const arrival = Date.now();
      for (const output of this.depacketizer.processInput({ rtp, time: arrival })) {
        if (output.frame) this.onEncodedFrame(output.frame.data, output.frame.isKeyframe, arrival);
      }
    });
  }

  get codecName(): VideoCodec {
    return this.codec;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.keyframeTimer);
    this.decoder?.close();
  }

  private onEncodedFrame(data: Buffer, isKeyframe: boolean, arrival: number): void {
    if (isKeyframe) {
      const size = this.codec === 'vp8' ? vp8KeyframeSize(data) : h264KeyframeSize(data);
      if (size && !sameSize(size, this.decoder?.size)) this.startDecoder(size);
    }
    if (!this.decoder) {
      this.events.onDropped(1);
      return;
    }
    this.decoder.write(data, arrival);
  }

  private startDecoder(size: FrameSize): void {
    if (this.decoder) this.events.onDropped(this.decoder.backlog);
    this.decoder?.close();
    const decoder = new FfmpegVideoDecoder({
      codec: this.codec,
      size,
      ffmpegPath: this.ffmpegPath,
      onFrame: (frame) => this.events.onFrame(frame, this.seq++),
      onFailure: (reason) => {
        if (this.decoder === decoder) this.decoder = undefined;
        this.events.onFailure(reason);
        this.requestKeyframe();
      },
    });
    this.decoder = decoder;
  }

  private requestKeyframe(): void {
    if (this.stopped || this.track.ssrc === undefined) return;
    this.receiver.sendRtcpPLI(this.track.ssrc).catch(() => {});
  }
}

function sameSize(a: FrameSize, b: FrameSize | undefined): boolean {
  return !!b && a.width === b.width && a.height === b.height;
}
