/** Stream keys by name, read from SHOWFLOW_RESTREAM_KEY_<NAME> in the runtime's environment. */
export const RESTREAM_KEYS_SERVICE = 'restream-keys';

export class RestreamKeys {
  private readonly keys = new Map<string, string>();

  constructor(env: Record<string, string | undefined>) {
    for (const [name, value] of Object.entries(env)) {
      const match = /^SHOWFLOW_RESTREAM_KEY_([A-Z0-9_]+)$/.exec(name);
      if (match && value) this.keys.set(match[1], value);
    }
  }

  get(name: string): string | undefined {
    return this.keys.get(name);
  }

  /** Replaces every key in a text (ffmpeg's messages quote the URL, maybe URL-encoded) with "***". */
  redact(text: string): string {
    let out = text;
    for (const key of this.keys.values()) {
      for (const form of new Set([key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)])) out = out.split(form).join('***');
    }
    return out;
  }
}
