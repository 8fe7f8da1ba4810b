/**
 * The catalogue of every error a user can see. Codes are stable: once published a
 * code keeps its meaning forever, new failures get new codes.
 *
 * SF1xx documents and templates, SF2xx running nodes and frames, SF3xx API calls,
 * SF4xx commerce, SF5xx generative overlays, SF6xx live ingest and viewing, SF7xx audio.
 */
export const errorCatalog = {
  SF100: 'The input is not valid JSON',
  SF101: 'The document does not match the pipeline schema',
  SF102: 'Unknown node type',
  SF103: 'Node config is invalid',
  SF104: 'Edge refers to a node that does not exist',
  SF105: 'Edge refers to a port that does not exist',
  SF106: 'Edge connects incompatible port types',
  SF107: 'The graph has a cycle',
  SF108: 'Duplicate id',
  SF109: 'Input port already has a connection',
  SF110: 'Unsupported document schema version',
  SF111: 'Unsupported node type version',
  SF112: 'Edge connects a node to itself',
  SF113: 'Group names a node that does not exist',
  SF114: 'A node is listed in more than one group, or twice in one',
  SF120: 'The template does not match the template schema',
  SF121: 'Unsupported template schema version',
  SF122: 'A node package or node type version the template needs is not installed',
  SF123: 'Value given for a parameter the template does not declare',
  SF124: 'Parameter value has the wrong type',
  SF125: 'Binding refers to a parameter the template does not declare',
  SF126: 'Executable content is refused: templates are data only',
  SF127: 'The template content hash does not match its content',
  SF128: 'The template uses a node type it does not list in requires',
  SF130: 'Node package manifest is invalid',
  SF131: 'Node package module failed to load',
  SF132: 'Node type is outside its package namespace',
  SF133: 'Node type or namespace is already registered by another package',
  SF134: 'Node package needs an SDK version this runtime does not provide',
  SF135: 'A node package cannot be created there (folder not empty, or bad name or namespace)',
  SF140: 'The document is larger than the runtime accepts (nodes, edges, groups, comments or size)',
  SF141: 'The document is nested deeper than the runtime accepts',
  SF142: 'Too many problems to list; the rest are not shown',
  SF143: 'A file reference leaves its allowed folder',
  SF144: 'An image value is not an accepted image or is too large',
  SF145: 'A file sink folder is outside the media folder',
  SF146: 'The image has more pixels than the runtime decodes',
  SF147: 'A file input is not a regular file',
  SF150: 'A date and time setting does not hold a date and time',
  SF151: 'A money amount is not an amount in the currency (or has more decimals than it)',
  SF201: 'A node threw while processing',
  SF202: 'A frame is corrupt or unreadable',
  SF203: 'A node exceeded its time budget',
  SF204: 'A node failed to start',
  SF205: 'A node failed to stop cleanly',
  SF206: 'An uncaught asynchronous error was contained',
  SF210: 'An isolated node did not finish its setup in time',
  SF211: 'An isolated node ran far over its budget and was stopped',
  SF212: 'An isolated node exited its worker',
  SF213: 'An isolated node threw outside a run and its worker stopped',
  SF214: 'An isolated node ran out of memory',
  SF215: 'An isolated node kept crashing and is no longer restarted',
  SF216: 'The pipeline starts paused: a node package crashed repeatedly at start (safe mode)',
  SF217: 'A value cannot cross to or from an isolated node',
  SF220: 'The scene switcher has no picture on the chosen input yet',
  SF221: 'A scene switcher cue is invalid: unknown action or a scene outside the inputs',
  SF222: 'No running scene switcher with this id in the pipeline',
  SF301: 'Not found',
  SF302: 'Version not found',
  SF303: 'Bad request',
  SF304: 'Pipeline is not deployed',
  SF310: 'Sign-in required: no valid session or API token',
  SF311: 'Your role may not do this',
  SF312: 'Wrong user name or password',
  SF313: 'Too many failed sign-ins; wait before trying again',
  SF314: 'The session has expired or was signed out',
  SF315: 'The API token is unknown or revoked',
  SF316: 'A user with this name already exists',
  SF317: 'The password is too short or too long',
  SF318: 'No such user or token',
  SF319: 'The last owner cannot be removed or demoted',
  SF320: 'The Host header names a host this runtime does not serve',
  SF321: 'The request comes from an origin that may not change state',
  SF322: 'The request body has a content type this route does not accept',
  SF323: 'Too many procedures in one batch',
  SF324: 'The request body is larger than this route accepts',
  SF330: 'The pipeline database cannot be reached',
  SF331: 'The pipeline database was written by a newer runtime',
  SF332: 'Redis cannot be reached',
  SF333: 'A newer owner has taken the pipeline over; this instance may no longer write for it',
  SF334: 'The pipeline runs on another runtime instance; ask that instance',
  SF335: 'No runtime instance runs this pipeline right now; another is taking it over',
  SF336: 'This instance lost the pipeline\'s lease and stopped running it',
  SF337: 'The pipeline could not be started on the instance that took it over',
  SF338: 'The instance URL (SHOWFLOW_INSTANCE_URL) is not an http(s) URL',
  SF401: 'The drop is sold out',
  SF402: 'The per-viewer limit for this drop is reached',
  SF403: 'The drop is not live',
  SF404: 'The reservation has expired',
  SF405: 'Explicit consent is required to confirm',
  SF406: 'Idempotency key reused with a different request',
  SF407: 'Drop, reservation or order not found',
  SF408: 'Bad commerce request',
  SF409: 'The reservation is already settled',
  SF410: 'Internal commerce error',
  SF420: 'A viewer session is required',
  SF421: 'Too many requests; try again after the time given',
  SF422: 'Only the show\'s producer may do this',
  SF423: 'The payment failed',
  SF424: 'The tip text is not allowed on stream',
  SF425: 'The client left before its request was started',
  SF426: 'Every unit left is held in checkouts',
  SF427: 'The cue comes from an instance whose lease on the pipeline is stale: a newer owner has taken it over',
  SF501: 'Generative calls for this creator are rate limited',
  SF502: 'The daily generative budget is spent',
  SF503: 'The image provider failed',
  SF504: 'The image provider timed out',
  SF505: 'The image provider sent a malformed response',
  SF506: 'Provenance record does not verify',
  SF507: 'Generated asset or variation not found',
  SF508: 'The image provider kept refusing with 429',
  SF509: 'Invalid generative request or budget label',
  SF510: 'Invalid generative provider configuration',
  SF511: 'The asset store could not be read or written',
  SF601: 'Malformed SDP offer',
  SF602: 'Missing or wrong stream token',
  SF603: 'Connection limit for this stream reached',
  SF604: 'Corrupt frame chunk',
  SF605: 'Frame larger than the limit',
  SF606: 'No such live session, or wrong method',
  SF607: 'Offer has neither a data channel nor a video track',
  SF608: 'The video decoder failed',
  SF609: 'Signaling request body too large',
  SF610: 'WebRTC negotiation failed',
  SF611: 'The sender stopped sending: no media for a few seconds',
  SF612: 'The picture is larger than the configured pixel limit',
  SF613: 'The offer has no codec this gateway can decode',
  SF614: 'The audio decoder failed',
  SF615: 'The WHIP redirect ticket is unknown, already used or expired: send the offer again with the token',
  SF616: 'The runtime is at its live ingest capacity: try again later or send to another instance',
  SF630: 'No program output runs for this pipeline',
  SF631: 'The WHEP offer is not a receive-only audio/video offer the program output can answer',
  SF632: 'The program output has reached its viewer limit',
  SF633: 'No such program viewer session',
  SF634: 'Trickle ICE is not supported by the program output: send the offer with all candidates',
  SF635: 'The program encoder (ffmpeg) failed',
  SF636: 'The program frame size changed: the encoder restarts',
  SF637: 'The program signaling request body is too large or unreadable',
  SF638: 'No such HLS playlist or segment',
  SF639: 'The restream destination refused or dropped the connection',
  SF640: 'The restream destination URL is not valid',
  SF641: 'The program output takes 48 kHz audio only',
  SF642: 'The SRT destination refused or dropped the connection',
  SF643: 'A secret the SRT output names (passphrase or stream id) is not set',
  SF644: 'The SRT passphrase must be 10–79 characters',
  SF645: 'The WHIP endpoint URL is not allowed: https, or plain http only to this machine',
  SF646: 'The WHIP server refused or dropped the session',
  SF647: 'The bearer token secret the WHIP output names is not set',
  SF655: 'The pipeline is on air: take it off air before deleting it',
  SF656: 'The pipeline is not running: deploy or start it before putting it on air',
  SF657: 'The running version has no program output to put on air',
  SF701: 'Audio block has a sample rate, channel layout or size this node cannot process',
  SF702: 'Audio block holds samples that are not finite numbers (NaN or infinity)',
  SF703: 'Audio file not found or unreadable',
  SF704: 'Audio file path is outside the allowed media folders',
  SF705: 'Audio file could not be decoded',
  SF706: 'The noise suppression engine failed to load',
} as const;

export type ErrorCode = keyof typeof errorCatalog;

/** JSON path into a document, e.g. ["nodes", 2, "config", "strength"]. */
export type JsonPath = (string | number)[];

/** One problem found in user input, with where it happened. */
export interface Problem {
  code: ErrorCode;
  message: string;
  path: JsonPath;
  /** Set when the problem belongs to one node, so the editor can point at it. */
  nodeId?: string;
  /** How to fix it, when the message alone does not say. */
  hint?: string;
}

export function problem(code: ErrorCode, message: string, path: JsonPath = [], nodeId?: string): Problem {
  return nodeId === undefined ? { code, message, path } : { code, message, path, nodeId };
}

/** Renders a path the way people write it: nodes[2].config.strength */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(document)';
}

export function formatProblem(p: Problem): string {
  return `${p.code} ${formatPath(p.path)}: ${p.message}`;
}

/** An error carrying a catalogue code; thrown across API and runtime boundaries. */
export class ShowflowError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ShowflowError';
    this.code = code;
    this.problems = problems;
  }
}
