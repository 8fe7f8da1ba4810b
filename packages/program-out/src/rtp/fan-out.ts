import { RtcpPayloadSpecificFeedback, type GenericNack, type RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import { startsKeyframe } from './h264-access-unit.ts';
import { negotiatedPlayoutDelayId, withPlayoutDelay, type PlayoutDelay } from './playout-delay.ts';
import { readRtp } from './rtp-packet.ts';

export interface FanOutViewer {
  id: string;
  pc: RTCPeerConnection;
  /** Absent when the viewer asked for sound alone (or picture alone). */
  video?: RTCRtpTransceiver;
  audio?: RTCRtpTransceiver;
}

interface ViewerState extends FanOutViewer {
  /** Video is held back until a keyframe, so the viewer's decoder starts clean. */
  videoStarted: boolean;
  packetsSent: number;
  bytesSent: number;
  plis: number;
  firs: number;
  nacks: number;
  /** Packets handed to werift whose send has not completed: this viewer's send queue. */
  inFlight: number;
  /** Times this viewer fell behind and skipped to the next keyframe. */
  resyncs: number;
  /**
   * The viewer's own numbering of the last video packet sent (werift's, which is the
   * encoder's plus an offset that changes only when the viewer skipped packets), and the
   * encoder timestamp of that packet.
   */
  lastVideo: { seq: number; timestamp: number; seqOffset: number } | undefined;
  /** The viewer's id for the playout-delay extension, when it offered the extension. */
  playoutDelayId: number | undefined;
}

export interface ViewerStats {
  id: string;
  packetsSent: number;
  bytesSent: number;
  plis: number;
  firs: number;
  nacks: number;
  resyncs: number;
  waitingForKeyframe: boolean;
}

export interface FanOutOptions {
  /** A viewer needs a keyframe (picture loss, or it fell behind); the caller rate-limits. */
  onKeyframeWanted?(viewerId: string): void;
  /** Send queue length at which a viewer counts as fallen behind. */
  maxInFlight?: number;
  /** Video packets werift keeps per viewer for retransmission (its RTP_HISTORY_SIZE). */
  historyPackets?: number;
  /** Sent on every video packet to viewers that negotiated the playout-delay extension. */
  playoutDelay?: PlayoutDelay;
}

/** About a second of 720p video at 2.5 Mbit/s. */
const DEFAULT_MAX_IN_FLIGHT = 256;
const WERIFT_HISTORY_PACKETS = 128;
/** Payload-specific feedback format of a Full Intra Request (RFC 5104). */
const FIR_FORMAT = 4;

/**
 * Sends the output's one encoded RTP stream to every viewer. werift rewrites SSRC and
 * payload type per viewer and answers NACKs from its own packet history, so a lossy viewer
 * costs only itself. Sending never waits: a slow viewer never holds up the loop that feeds
 * the others. A viewer that falls behind — its send queue grows past `maxInFlight`, or it
 * asks for packets already gone from the history — stops getting video until the next
 * keyframe (audio goes on), and asks for one; PLI and FIR ask too (decision 0060).
 */
export class FanOut {
  private readonly viewers = new Map<string, ViewerState>();
  private readonly videoObservers = new Set<(packet: Buffer) => void>();
  private readonly maxInFlight: number;
  private readonly historyPackets: number;
  keyframes = 0;

  constructor(private readonly options: FanOutOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.historyPackets = options.historyPackets ?? WERIFT_HISTORY_PACKETS;
  }

  get size(): number {
    return this.viewers.size;
  }

  add(viewer: FanOutViewer): void {
    const state: ViewerState = {
      ...viewer,
      videoStarted: false,
      packetsSent: 0,
      bytesSent: 0,
      plis: 0,
      firs: 0,
      nacks: 0,
      inFlight: 0,
      resyncs: 0,
      lastVideo: undefined,
      playoutDelayId: this.options.playoutDelay ? negotiatedPlayoutDelayId(viewer.video) : undefined,
    };
    this.viewers.set(viewer.id, state);
    const sender = viewer.video?.sender;
    if (!sender) return;
    sender.onPictureLossIndication.subscribe(() => {
      state.plis++;
      this.options.onKeyframeWanted?.(state.id);
    });
    // werift parses FIR but has no event for it.
    sender.onRtcp.subscribe((packet) => {
      if (packet instanceof RtcpPayloadSpecificFeedback && packet.feedback.count === FIR_FORMAT) {
        state.firs++;
        this.options.onKeyframeWanted?.(state.id);
      }
    });
    sender.onGenericNack.subscribe((nack) => {
      state.nacks++;
      if (this.lostForGood(state, nack)) this.fallBehind(state);
    });
  }

  remove(id: string): FanOutViewer | undefined {
    const viewer = this.viewers.get(id);
    this.viewers.delete(id);
    return viewer;
  }

  has(id: string): boolean {
    return this.viewers.has(id);
  }

  all(): FanOutViewer[] {
    return [...this.viewers.values()];
  }

  stats(): ViewerStats[] {
    return [...this.viewers.values()].map((v) => ({
      id: v.id,
      packetsSent: v.packetsSent,
      bytesSent: v.bytesSent,
      plis: v.plis,
      firs: v.firs,
      nacks: v.nacks,
      resyncs: v.resyncs,
      waitingForKeyframe: !v.videoStarted,
    }));
  }

  /** Sees every video packet as it leaves the encoder, before any viewer (for measuring delivery). */
  observeVideo(observer: (packet: Buffer) => void): () => void {
    this.videoObservers.add(observer);
    return () => this.videoObservers.delete(observer);
  }

  sendVideo(packet: Buffer): void {
    const rtp = readRtp(packet);
    if (!rtp) return;
    for (const observe of this.videoObservers) observe(packet);
    const keyframe = startsKeyframe(rtp.payload);
    if (keyframe) this.keyframes++;
    // Viewers that negotiated the playout delay get a stamped copy; their offers nearly always
    // agree on the extension id, so one copy serves them all. A packet that already carries
    // header extensions (ffmpeg's never do) goes on as it is.
    const delay = packet[0] & 0x10 ? undefined : this.options.playoutDelay;
    let stamped: { id: number; packet: Buffer } | undefined;
    for (const viewer of this.viewers.values()) {
      const video = viewer.video;
      if (!video) continue;
      if (!viewer.videoStarted) {
        if (!keyframe || viewer.pc.connectionState !== 'connected') continue;
        viewer.videoStarted = true;
        if (viewer.lastVideo) this.resumeNumbering(viewer, rtp.sequenceNumber, rtp.timestamp);
      }
      if (viewer.inFlight >= this.maxInFlight) {
        this.fallBehind(viewer);
        continue;
      }
      const seqOffset = viewer.lastVideo?.seqOffset ?? 0;
      viewer.lastVideo = { seq: (rtp.sequenceNumber + seqOffset) & 0xffff, timestamp: rtp.timestamp, seqOffset };
      const id = viewer.playoutDelayId;
      if (delay && id !== undefined && stamped?.id !== id) stamped = { id, packet: withPlayoutDelay(packet, id, delay) };
      this.send(viewer, video, delay && id !== undefined ? stamped!.packet : packet);
    }
  }

  sendAudio(packet: Buffer): void {
    for (const viewer of this.viewers.values()) {
      // Audio is small; past twice the limit the viewer is gone rather than slow.
      if (viewer.audio && viewer.inFlight < this.maxInFlight * 2) this.send(viewer, viewer.audio, packet);
    }
  }

  private send(viewer: ViewerState, transceiver: RTCRtpTransceiver, packet: Buffer): void {
    if (!transceiver.sender.codec) return;
    viewer.packetsSent++;
    viewer.bytesSent += packet.length;
    viewer.inFlight++;
    transceiver.sender
      .sendRtp(packet)
      .catch(() => undefined)
      .finally(() => viewer.inFlight--);
  }

  /**
   * After skipping to a keyframe the viewer's sequence numbers go on without a gap (a gap
   * would make it NACK every skipped packet), and its timestamps keep the real time that
   * passed, so sound and picture stay in step.
   */
  private resumeNumbering(viewer: ViewerState, seq: number, timestamp: number): void {
    const last = viewer.lastVideo!;
    last.seqOffset = (last.seq + 1 - seq + 0x10000) & 0xffff;
    viewer.video?.sender.replaceRTP({ sequenceNumber: seq, timestamp }, false, (timestamp - last.timestamp) >>> 0);
  }

  /** A NACK for a packet older than the history cannot be answered: the picture is broken until a keyframe. */
  private lostForGood(viewer: ViewerState, nack: GenericNack): boolean {
    const last = viewer.lastVideo?.seq;
    if (last === undefined || !viewer.videoStarted) return false;
    return nack.lost.some((seq) => ((last - seq + 0x10000) & 0xffff) >= this.historyPackets);
  }

  private fallBehind(viewer: ViewerState): void {
    if (!viewer.videoStarted) return;
    viewer.videoStarted = false;
    viewer.resyncs++;
    this.options.onKeyframeWanted?.(viewer.id);
  }
}
