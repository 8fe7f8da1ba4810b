/**
 * Checks an offer before it reaches the WebRTC stack, so a client gets a precise reason
 * (and the stack never sees input that could leave it half-configured).
 * Returns undefined when the offer looks usable, otherwise why not.
 */
export function findSdpProblem(sdp: string): string | undefined {
  if (!sdp.trim()) return 'the body is empty; send the SDP offer as application/sdp';
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== 'v=0') return 'the first line must be "v=0"';
  const malformed = lines.find((line) => !/^[a-z]=/.test(line));
  if (malformed) return `line "${malformed.slice(0, 40)}" is not of the form <letter>=<value>`;
  if (!lines.some((line) => line.startsWith('o='))) return 'the origin line (o=) is missing';
  const media = lines.filter((line) => line.startsWith('m='));
  if (!media.length) return 'the offer has no media section (m=)';
  if (!lines.some((line) => line.startsWith('a=ice-ufrag:'))) return 'the offer has no ICE credentials (a=ice-ufrag)';
  if (!lines.some((line) => line.startsWith('a=fingerprint:'))) return 'the offer has no DTLS fingerprint (a=fingerprint)';
  return undefined;
}

export function offerHasDataChannel(sdp: string): boolean {
  return /^m=application \d+ [A-Z/]*SCTP/m.test(sdp);
}

export function offerHasVideo(sdp: string): boolean {
  return /^m=video /m.test(sdp);
}

export function offerHasAudio(sdp: string): boolean {
  return /^m=audio /m.test(sdp);
}

/** Helper payloads that come with a media codec and decode nothing by themselves. */
const AUXILIARY = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03', 'telephone-event', 'cn']);

/** The media codecs (lower case, e.g. `vp8`, `opus`) of each media section of one kind. */
export function offeredCodecs(sdp: string, kind: 'video' | 'audio'): string[][] {
  const sections = sdp.split(/\r?\n(?=m=)/).filter((section) => section.startsWith(`m=${kind} `));
  return sections.map((section) => {
    const names = [...section.matchAll(/^a=rtpmap:\d+ ([^/\s]+)\//gm)].map((m) => m[1].toLowerCase());
    return [...new Set(names.filter((name) => !AUXILIARY.has(name)))];
  });
}
