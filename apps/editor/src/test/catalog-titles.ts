import type { NodeSpec } from '@showflow/shared';

/**
 * Titles, ids and opening words of the descriptions of the node types a runtime ships,
 * for palette search tests: the searches only make sense against names producers see.
 */
const rows: [type: string, title: string, category: NodeSpec['category'], description: string][] = [
  ['showflow.synthetic-capture', 'Synthetic capture', 'source', 'A moving test scene (colour bars, a moving disc, a timecode) with adjustable noise.'],
  ['showflow.image-file', 'Image file', 'source', 'A still image (JPEG, PNG, WebP…) played as a video source at a fixed frame rate.'],
  ['showflow.text-overlay', 'Text overlay', 'source', 'Renders a text label on a padded box as an RGBA image for compose.'],
  ['showflow.image-overlay', 'Image overlay', 'source', 'Loads a PNG or JPEG as an RGBA image for compose: logos, lower thirds.'],
  ['showflow.capture', 'Live capture', 'source', 'Frames and sound from a browser (capture SDK) or any WHIP sender on a stream id.'],
  ['showflow.denoise', 'Denoise', 'process', 'Temporal noise reduction in the manner of ffmpeg hqdn3d.'],
  ['showflow.resize', 'Resize', 'process', 'Scales frames to a width and height (libvips), cropping, letterboxing or stretching.'],
  ['showflow.color-correct', 'Colour correct', 'process', 'Brightness, contrast, saturation and white balance in one pass.'],
  ['showflow.smart-crop', 'Smart crop', 'process', 'Content-aware crop (libvips attention or entropy) to a fixed size.'],
  ['showflow.encode-jpeg', 'Encode JPEG', 'process', 'Encodes frames as JPEG (4:2:0) with fast baseline settings for live delivery.'],
  ['showflow.noise-suppress', 'Noise suppression', 'process', 'Removes background noise from voice with RNNoise.'],
  ['showflow.compose', 'Compose', 'compose', 'Blends the latest overlay image onto each frame at a position, scale and opacity.'],
  ['showflow.audio-mixer', 'Mixer (ducking)', 'compose', 'Mixes a voice and a music bed into stereo; lowers the bed while the voice is above.'],
  ['showflow.drop', 'Micro-drop', 'commerce', 'Sells a limited drop through the orders service (reserve first, no oversells).'],
  ['showflow.discount', 'Live discount', 'commerce', 'A drop whose price follows a schedule computed by the orders service.'],
  ['showflow.bundle-timer', 'Bundle timer', 'commerce', 'A bundle sold at one price for a limited time; the overlay shows the drop.'],
  ['showflow.tip-overlay', 'Tip overlay', 'commerce', 'Raises a thank-you overlay for each tip.'],
  ['showflow.preview', 'Preview / program out', 'output', 'The program output: the latest frame here is what viewers see.'],
  ['showflow.program-out', 'Program out', 'output', 'Encodes the program once and plays it to every viewer over WHEP; the stream for crowds.'],
  ['showflow.rtmp-out', 'RTMP restream', 'output', 'Sends the program to an RTMP(S) server (YouTube, Twitch, …) as H.264 + AAC.'],
  ['showflow.null-sink', 'Null sink', 'output', 'Accepts frames and discards them; terminates a branch.'],
  ['showflow.psnr-probe', 'PSNR probe', 'probe', 'Compares each frame with the reference frame and outputs PSNR in dB.'],
  ['showflow.audio-meter', 'Meter', 'probe', 'Shows peak dBFS and short-term LUFS live on the canvas.'],
];

export const catalogLikeSpecs: NodeSpec[] = rows.map(([type, title, category, description]) => ({
  type,
  typeVersion: 1,
  title,
  category,
  description,
  inputs: [],
  outputs: [],
  configSchema: { type: 'object', properties: {} },
  defaults: {},
  budgetMs: 10,
  package: 'builtin',
}));
