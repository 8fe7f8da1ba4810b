/** Where frames come from. A MediaStream is played into a hidden video element to be drawn. */
export type CaptureSource =
  | { kind: 'camera'; constraints?: MediaTrackConstraints }
  | { kind: 'screen'; constraints?: MediaTrackConstraints }
  | { kind: 'canvas'; canvas: HTMLCanvasElement | OffscreenCanvas }
  | { kind: 'stream'; stream: MediaStream };

export interface OpenedSource {
  drawable: CanvasImageSource;
  /** Stops camera or screen tracks that this source opened. */
  release(): void;
}

export async function openSource(source: CaptureSource, width: number, height: number): Promise<OpenedSource> {
  switch (source.kind) {
    case 'canvas':
      return { drawable: source.canvas, release: () => {} };
    case 'stream':
      return { drawable: await playInVideo(source.stream), release: () => {} };
    case 'camera': {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: width }, height: { ideal: height }, ...source.constraints },
        audio: false,
      });
      return { drawable: await playInVideo(stream), release: () => stopTracks(stream) };
    }
    case 'screen': {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: source.constraints ?? true, audio: false });
      return { drawable: await playInVideo(stream), release: () => stopTracks(stream) };
    }
  }
}

async function playInVideo(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return video;
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
