/**
 * A drop that waits for a producer's cue (or a stream event) is created with this start:
 * far enough away to never begin on its own, and recognisable, so the live state can say
 * "starts on cue" instead of showing a countdown nobody should believe.
 */
export const cueStartsAt = '2999-01-01T00:00:00.000Z';
export const cueStartsAtMs = Date.parse(cueStartsAt);
