const DEFAULT_RUNTIME_URL = 'http://127.0.0.1:4100';

export interface EditorEnv {
  /** Where the browser reaches the runtime's API; read per request so one build serves any runtime. */
  runtimeUrl: string;
}

/** The one place the editor reads its environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): EditorEnv {
  const raw = source.SHOWFLOW_RUNTIME_URL?.trim() || DEFAULT_RUNTIME_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SHOWFLOW_RUNTIME_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SHOWFLOW_RUNTIME_URL must be http(s): ${raw}`);
  return { runtimeUrl: url.origin + url.pathname.replace(/\/+$/, '') };
}
