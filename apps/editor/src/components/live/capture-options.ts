/** Choices the Go live panel offers; sizes and qualities that the gateway measured to hold 30 fps. */
export const SOURCES = [
  { id: 'camera', label: 'Camera' },
  { id: 'screen', label: 'Screen' },
  { id: 'test', label: 'Test pattern' },
] as const;

export type SourceId = (typeof SOURCES)[number]['id'];

export const SIZES = [
  { id: '1280x720', label: '1280×720', width: 1280, height: 720 },
  { id: '960x540', label: '960×540', width: 960, height: 540 },
  { id: '640x360', label: '640×360', width: 640, height: 360 },
] as const;

export type SizeId = (typeof SIZES)[number]['id'];

export const QUALITIES = [0.5, 0.6, 0.7, 0.8] as const;

export const FRAME_RATES = [30, 15] as const;

export interface GoLiveSettings {
  streamId: string;
  source: SourceId;
  size: SizeId;
  quality: number;
  fps: number;
}

export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
