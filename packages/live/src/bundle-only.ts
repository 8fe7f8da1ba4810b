/**
 * An offer may mark media sections `a=bundle-only` with port 0 (RFC 8843 §6; GStreamer's
 * webrtcbin does so for every section after the first under max-bundle). Such a section is
 * not rejected: it rides the bundle's transport. werift reads port 0 as "rejected" and would
 * answer it inactive, silently dropping e.g. the sender's audio, so these sections get the
 * placeholder port 9 before the offer reaches it. A port-0 section outside the BUNDLE group,
 * or without bundle-only, is a real rejection and is left alone.
 */
export function acceptBundleOnlySections(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const bundled = new Set(/^a=group:BUNDLE (.*)$/m.exec(sdp)?.[1].trim().split(/\s+/) ?? []);
  const [session, ...sections] = sdp.split(new RegExp(`${eol}(?=m=)`));
  const opened = sections.map((section) => {
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    const bundleOnly = /^a=bundle-only\s*$/m.test(section);
    if (!bundleOnly || mid === undefined || !bundled.has(mid)) return section;
    return section.replace(/^(m=\S+) 0 /, '$1 9 ');
  });
  return [session, ...opened].join(eol);
}
