/**
 * Page script source of a function `(canvas, draw, fps) => MediaStream` that draws `fps`
 * times a second and hands each drawn frame to the track when drawn (captureStream(0) +
 * requestFrame). captureStream(fps) samples the canvas on a timer of its own instead, which
 * beats against the drawing timer: frames drawn twice between two samples are lost, and a
 * 30 fps sender sent about 25 frames a second.
 */
export const CAPTURE_EACH_DRAW = `(canvas, draw, fps) => {
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0];
  const tick = () => {
    draw();
    track.requestFrame();
  };
  tick();
  setInterval(tick, 1000 / fps);
  return stream;
}`;
